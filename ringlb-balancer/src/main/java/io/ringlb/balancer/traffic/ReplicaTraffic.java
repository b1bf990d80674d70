package io.ringlb.balancer.traffic;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One replica's request counters, striped by event loop: each loop writes only its own cell, so
 * counting takes no lock and no atomic instruction, and a reader sums the cells. A cell is a
 * {@code long[]} laid out by the constants below; a loop's cell is made the first time that loop
 * sends the replica a request (a compare-and-set on the cell table, once per loop per replica).
 */
public final class ReplicaTraffic {

    static final int METHODS = MethodClass.values().length;
    static final int STATUS_CLASSES = 5;

    /** Responses to clients by method class × status class (1xx..5xx). */
    static final int RESPONSES = 0;
    /** Request durations (from the request's head to its response's end) by {@link LatencyBuckets} bucket. */
    static final int BUCKETS = RESPONSES + METHODS * STATUS_CLASSES;
    static final int DURATION_NANOS = BUCKETS + LatencyBuckets.COUNT;
    /** Request body bytes sent on to the replica. */
    static final int REQUEST_BYTES = DURATION_NANOS + 1;
    /** Response bytes (head as rewritten, and body) passed from the replica to clients. */
    static final int RESPONSE_BYTES = REQUEST_BYTES + 1;
    /** Attempts that failed here and moved on, by {@link RetryReason}. */
    static final int FAILED_ATTEMPTS = RESPONSE_BYTES + 1;
    static final int CONNECTIONS_OPENED = FAILED_ATTEMPTS + RetryReason.values().length;
    static final int CONNECTIONS_CLOSED = CONNECTIONS_OPENED + 1;
    static final int CONNECTIONS_REUSED = CONNECTIONS_CLOSED + 1;
    /** Connections idle in the loop's pool (added to and taken from, so it reads as a gauge). */
    static final int CONNECTIONS_IDLE = CONNECTIONS_REUSED + 1;
    static final int SIZE = CONNECTIONS_IDLE + 1;

    private final AtomicReference<long[][]> cells = new AtomicReference<>(new long[0][]);

    /** The cell event loop {@code loop} writes; call only from that loop. */
    long[] cell(int loop) {
        long[][] table = cells.get();
        if (loop < table.length && table[loop] != null) {
            return table[loop];
        }
        while (true) {
            long[][] t = cells.get();
            long[][] grown = Arrays.copyOf(t, Math.max(t.length, loop + 1));
            long[] mine = new long[SIZE];
            grown[loop] = mine;
            if (cells.compareAndSet(t, grown)) {
                return mine;
            }
        }
    }

    /** Counter {@code index} summed over every loop. */
    long sum(int index) {
        long total = 0;
        for (long[] c : cells.get()) {
            if (c != null) {
                total += Counters.get(c, index);
            }
        }
        return total;
    }

    /** Responses to clients with this method class and status class (0 = 1xx ... 4 = 5xx). */
    public long responses(MethodClass method, int statusClass) {
        return sum(RESPONSES + method.ordinal() * STATUS_CLASSES + statusClass);
    }

    /** Every response to a client that went through this replica. */
    public long requests() {
        long total = 0;
        for (int i = 0; i < METHODS * STATUS_CLASSES; i++) {
            total += sum(RESPONSES + i);
        }
        return total;
    }

    /** Responses with status 5xx, whether the replica or the balancer (for it) made them. */
    public long serverErrors() {
        long total = 0;
        for (int m = 0; m < METHODS; m++) {
            total += sum(RESPONSES + m * STATUS_CLASSES + 4);
        }
        return total;
    }

    /** Requests per latency bucket ({@link LatencyBuckets}), each bucket counted alone (not cumulative). */
    public long[] latencyBuckets() {
        long[] out = new long[LatencyBuckets.COUNT];
        for (int b = 0; b < LatencyBuckets.COUNT; b++) {
            out[b] = sum(BUCKETS + b);
        }
        return out;
    }

    public double durationSeconds() {
        return sum(DURATION_NANOS) / 1e9;
    }

    public long requestBytes() {
        return sum(REQUEST_BYTES);
    }

    public long responseBytes() {
        return sum(RESPONSE_BYTES);
    }

    public long failedAttempts(RetryReason reason) {
        return sum(FAILED_ATTEMPTS + reason.ordinal());
    }

    public long connectionsOpened() {
        return sum(CONNECTIONS_OPENED);
    }

    public long connectionsClosed() {
        return sum(CONNECTIONS_CLOSED);
    }

    public long connectionsReused() {
        return sum(CONNECTIONS_REUSED);
    }

    public long connectionsIdle() {
        return sum(CONNECTIONS_IDLE);
    }
}
