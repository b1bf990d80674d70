package io.ringlb.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;

/** Where new replicas go: each to the live instance holding the fewest, ties to the first by name. */
final class Placement {

    private Placement() {
    }

    /**
     * Owners for {@code n} new replicas, one per replica.
     *
     * @param record the membership (starting and serving members count; draining ones are leaving)
     * @param live   the live instances
     * @throws IllegalStateException if there is no live instance
     */
    static List<String> owners(ClusterRecord record, Collection<String> live, int n) {
        if (live.isEmpty()) {
            throw new IllegalStateException("no live balancer instance to run replicas");
        }
        TreeMap<String, Integer> load = new TreeMap<>();
        for (String i : live) {
            load.put(i, 0);
        }
        for (Member m : record.replicas()) {
            if (!m.is(Member.State.DRAINING) && load.containsKey(m.owner())) {
                load.merge(m.owner(), 1, Integer::sum);
            }
        }
        List<String> owners = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            String best = null;
            for (var e : load.entrySet()) {
                if (best == null || e.getValue() < load.get(best)) {
                    best = e.getKey();
                }
            }
            owners.add(best);
            load.merge(best, 1, Integer::sum);
        }
        return owners;
    }
}
