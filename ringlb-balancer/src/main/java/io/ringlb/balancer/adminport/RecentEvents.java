package io.ringlb.balancer.adminport;

import io.ringlb.balancer.cluster.ClusterEvents;
import io.ringlb.balancer.cluster.Replica;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The replica set's latest events for the dashboard: added, removed, failed, replaced, unhealthy,
 * healthy again, heartbeat failed (only the first of a run, and the count when it ends). Bounded:
 * the oldest go. Made with the balancer and following the replica set from before its replicas
 * start, so that the dashboard shows the start-up.
 */
public final class RecentEvents implements ClusterEvents {

    static final int KEPT = 100;

    /** One event. */
    record Event(long epochMillis, String event, String replica, String detail) {
    }

    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private final java.util.Map<Replica, Integer> failingHeartbeats = new java.util.HashMap<>();

    @Override
    public synchronized void heartbeat(Replica replica, long nanos, String failure) {
        Integer run = failingHeartbeats.get(replica);
        if (failure != null) {
            if (run == null) {
                add("heartbeat_failed", replica.name(), failure);
            }
            failingHeartbeats.put(replica, run == null ? 1 : run + 1);
        } else if (run != null) {
            failingHeartbeats.remove(replica);
            add("heartbeat_ok", replica.name(), "after " + run + " failed heartbeat(s)");
        }
    }

    @Override
    public synchronized void joined(Replica replica, Joined how) {
        String event = switch (how) {
            case ADDED -> "added";
            case REPLACEMENT -> "replaced";
            case ADOPTED -> "adopted";
            case HEALTHY_AGAIN -> "healthy";
        };
        add(event, replica.name(), replica.address().getHostString() + ":" + replica.address().getPort());
    }

    @Override
    public synchronized void left(Replica replica, Left how, String reason) {
        failingHeartbeats.remove(replica);
        add(how.name().toLowerCase(Locale.ROOT), replica.name(), reason);
    }

    @Override
    public synchronized void healed(Replica replacement, long nanos) {
        add("healed", replacement.name(), String.format(Locale.ROOT, "N restored %.0f ms after the failure was noticed", nanos / 1e6));
    }

    private void add(String event, String replica, String detail) {
        events.addFirst(new Event(System.currentTimeMillis(), event, replica, detail));
        while (events.size() > KEPT) {
            events.removeLast();
        }
    }

    /** The events, newest first. */
    synchronized List<Event> newestFirst() {
        List<Event> out = new ArrayList<>(events.size());
        for (Iterator<Event> it = events.iterator(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }
}
