package io.ringlb.balancer.traffic;

/**
 * The request duration histogram's bucket bounds: 100 µs to 30 s, about three per decade (as
 * Envoy's defaults), plus +Inf. Few enough that finding a request's bucket is a short scan from
 * the bottom, where most requests land.
 */
public final class LatencyBuckets {

    /** Upper bounds in seconds, ascending; the last bucket (+Inf) is implicit. */
    public static final double[] BOUNDS_SECONDS = {
            0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    /** Number of buckets, +Inf included. */
    public static final int COUNT = BOUNDS_SECONDS.length + 1;

    private static final long[] BOUNDS_NANOS = new long[BOUNDS_SECONDS.length];

    static {
        for (int i = 0; i < BOUNDS_SECONDS.length; i++) {
            BOUNDS_NANOS[i] = Math.round(BOUNDS_SECONDS[i] * 1e9);
        }
    }

    private LatencyBuckets() {
    }

    /** The bucket of a duration: the first whose bound is at least {@code nanos}. */
    public static int of(long nanos) {
        int i = 0;
        while (i < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[i]) {
            i++;
        }
        return i;
    }
}
