package io.ringlb.analysis.load;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Completed requests per fixed-width time bucket, by replica (and one row of failures): what the
 * failover chart plots. Not thread-safe; {@link LoadRecorder} guards it.
 */
public final class RateSeries {

    private final long bucketNanos;
    private final Map<String, long[]> byReplica = new LinkedHashMap<>();
    private long[] failures = new long[0];
    private int buckets;

    public RateSeries(long bucketNanos) {
        if (bucketNanos <= 0) {
            throw new IllegalArgumentException("bucket must be > 0");
        }
        this.bucketNanos = bucketNanos;
    }

    /** Counts one answer from {@code replica} completed {@code sinceStartNanos} after the run began. */
    void answered(String replica, long sinceStartNanos) {
        int b = bucketOf(sinceStartNanos);
        long[] row = grown(byReplica.getOrDefault(replica, new long[0]));
        byReplica.put(replica, row);
        row[b]++;
    }

    /** Counts one failed request completed {@code sinceStartNanos} after the run began. */
    void failed(long sinceStartNanos) {
        int b = bucketOf(sinceStartNanos);
        failures = grown(failures);
        failures[b]++;
    }

    private int bucketOf(long sinceStartNanos) {
        int b = (int) Math.max(0, sinceStartNanos / bucketNanos);
        buckets = Math.max(buckets, b + 1);
        return b;
    }

    private long[] grown(long[] row) {
        return row.length >= buckets ? row : Arrays.copyOf(row, Math.max(buckets, row.length * 2));
    }

    public long bucketNanos() {
        return bucketNanos;
    }

    /** Number of buckets from the run's start to its last completion. */
    public int buckets() {
        return buckets;
    }

    /** A copy: replica to counts per bucket ({@link #buckets()} long), in order of first answer. */
    public Map<String, long[]> byReplica() {
        Map<String, long[]> copy = new LinkedHashMap<>();
        byReplica.forEach((k, v) -> copy.put(k, Arrays.copyOf(v, buckets)));
        return Collections.unmodifiableMap(copy);
    }

    /** A copy: failures per bucket. */
    public long[] failures() {
        return Arrays.copyOf(failures, buckets);
    }

    /** A deep copy, safe to read while the original keeps recording. */
    RateSeries snapshot() {
        RateSeries s = new RateSeries(bucketNanos);
        s.buckets = buckets;
        byReplica.forEach((k, v) -> s.byReplica.put(k, Arrays.copyOf(v, buckets)));
        s.failures = Arrays.copyOf(failures, buckets);
        return s;
    }
}
