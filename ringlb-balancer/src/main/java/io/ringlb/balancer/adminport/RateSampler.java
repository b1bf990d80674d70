package io.ringlb.balancer.adminport;

import io.ringlb.balancer.metrics.ReplicaRoster;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Requests per second per replica over the last {@link #POINTS} seconds, for the dashboard's
 * chart: every second (on the admin listener's thread) it reads each replica's request count and
 * keeps the difference from the last reading. Kept on the server so that a page opened now shows
 * the last two minutes at once.
 */
final class RateSampler implements Runnable {

    static final int POINTS = 120;

    private final ReplicaRoster roster;
    private final long[] times = new long[POINTS];
    private final Map<String, double[]> rates = new LinkedHashMap<>();
    private final Map<String, Long> last = new HashMap<>();
    private int next;
    private int filled;

    RateSampler(ReplicaRoster roster) {
        this.roster = roster;
    }

    @Override
    public synchronized void run() {
        long now = System.currentTimeMillis();
        int slot = next;
        times[slot] = now;
        for (double[] r : rates.values()) {
            r[slot] = Double.NaN; // replicas gone since: no point
        }
        for (ReplicaRoster.Entry e : roster.current()) {
            String name = e.replica().name();
            long count = e.replica().traffic().requests();
            Long before = last.put(name, count);
            double[] r = rates.computeIfAbsent(name, n -> {
                double[] a = new double[POINTS];
                java.util.Arrays.fill(a, Double.NaN);
                return a;
            });
            r[slot] = before == null ? count : count - before; // a new replica's count started at 0
        }
        rates.values().removeIf(RateSampler::allNaN);
        last.keySet().retainAll(rates.keySet());
        next = (next + 1) % POINTS;
        filled = Math.min(POINTS, filled + 1);
    }

    private static boolean allNaN(double[] a) {
        for (double x : a) {
            if (!Double.isNaN(x)) {
                return false;
            }
        }
        return true;
    }

    /** The samples, oldest first: {@code t} (epoch seconds) and one series per replica (null where unknown). */
    synchronized Map<String, Object> series() {
        int start = (next - filled + POINTS) % POINTS;
        double[] t = new double[filled];
        Map<String, Object> perReplica = new LinkedHashMap<>();
        for (int i = 0; i < filled; i++) {
            t[i] = times[(start + i) % POINTS] / 1000.0;
        }
        for (Map.Entry<String, double[]> e : rates.entrySet()) {
            Double[] s = new Double[filled];
            for (int i = 0; i < filled; i++) {
                double v = e.getValue()[(start + i) % POINTS];
                s[i] = Double.isNaN(v) ? null : v;
            }
            perReplica.put(e.getKey(), s);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("t", t);
        out.put("replicas", perReplica);
        return out;
    }
}
