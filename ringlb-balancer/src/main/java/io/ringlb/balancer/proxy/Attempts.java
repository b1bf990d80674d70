package io.ringlb.balancer.proxy;

import io.ringlb.balancer.cluster.Replica;
import io.ringlb.core.RoutingTable;

/**
 * The replicas one request went to: the current one, whose in-flight count it holds, and the ones
 * that failed it, which retries skip. A replica that refused the connection outright costs no
 * retry: nothing was sent and no time was lost, so the request moves on to the next distinct
 * replica however many refuse (a dead balancer's replicas in a cluster, a crashed process),
 * still never trying one twice. Event-loop confined, like its exchange.
 */
final class Attempts {

    private final int maxRetries;
    private Replica current;
    private Replica[] failed;
    private int failedCount;
    /** Failures that count against {@link #maxRetries}. */
    private int counted;

    Attempts(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    /**
     * Picks the best replica that has not failed this request and counts the request in flight
     * there; null when none is left.
     */
    Replica next(ReplicaPicker picker, RoutingTable<Replica> table, long key) {
        Replica r = picker.pick(table, key, failed, failedCount);
        if (r != null) {
            current = r;
            r.requestStarted();
        }
        return r;
    }

    /** The current replica is done with the request, answered or given up. Harmless twice. */
    void finishCurrent() {
        if (current != null) {
            current.requestFinished();
            current = null;
        }
    }

    /**
     * The current replica failed the request: it is done with it, and retries skip it.
     *
     * @param refused whether it refused the connection (which costs no retry)
     */
    Replica failCurrent(boolean refused) {
        Replica r = current;
        finishCurrent();
        if (failed == null) {
            failed = new Replica[maxRetries + 1];
        } else if (failedCount == failed.length) {
            failed = java.util.Arrays.copyOf(failed, failed.length * 2);
        }
        if (r != null) {
            failed[failedCount++] = r;
        }
        if (!refused) {
            counted++;
        }
        return r;
    }

    /** How many replicas failed the request. */
    int failures() {
        return failedCount;
    }

    /** Whether another replica may still be tried. */
    boolean mayRetry() {
        return counted <= maxRetries;
    }
}
