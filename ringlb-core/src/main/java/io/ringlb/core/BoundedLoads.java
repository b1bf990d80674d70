package io.ringlb.core;

/**
 * Consistent hashing with bounded loads (Mirrokni, Thorup and Zadimoghaddam, SODA 2018).
 *
 * <p>With balance factor {@code c > 1}, no member may hold more than
 * {@code ceil(c * (total + 1) / n)} requests in flight, where {@code total} counts the requests
 * already in flight over all {@code n} members and the +1 is the request being placed. A request
 * whose owner is full walks on to the next distinct member on the ring
 * ({@link Ring#lookup(long, java.util.function.IntPredicate)}). Since the capacities sum to more
 * than the requests in flight, some member always has room.
 */
public final class BoundedLoads {

    private BoundedLoads() {
    }

    /** The per-member capacity for the next request. */
    public static long capacity(double factor, long totalInFlight, int members) {
        if (members <= 0) {
            return 0;
        }
        return (long) Math.ceil(factor * (totalInFlight + 1) / members);
    }

    /** Whether a member holding {@code inFlight} requests may take one more. */
    public static boolean hasRoom(long inFlight, long capacity) {
        return inFlight + 1 <= capacity;
    }

    /** Validates a balance factor given on the command line. */
    public static double checkFactor(double factor) {
        if (!(factor > 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("balance factor must be a finite number > 1, got " + factor);
        }
        return factor;
    }
}
