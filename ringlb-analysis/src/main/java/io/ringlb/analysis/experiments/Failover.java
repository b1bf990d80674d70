package io.ringlb.analysis.experiments;

import io.ringlb.analysis.load.LoadResult;
import io.ringlb.analysis.load.RateSeries;

/**
 * What A-3 measured when it killed a replica under load. Times are seconds since the load began.
 *
 * @param victim          the replica killed
 * @param pid             its process id, or -1 when it was not killed
 * @param note            how it was killed, or why it was not
 * @param nBefore         replicas before the kill
 * @param killedAt        when SIGKILL was sent (NaN if not killed)
 * @param outAt           when {@code /rep} first no longer listed the victim (NaN if never seen)
 * @param restoredAt      when {@code /rep} first listed {@code nBefore} replicas again, the victim not among them (NaN if not within the limit)
 * @param failedInRecovery requests that failed between the kill and the restoration (or the end)
 * @param load            the whole run's load, its time series in {@link #bucketSeconds()} buckets
 * @param replicasAfter   {@code /rep} at the end
 */
public record Failover(String victim, long pid, String note, int nBefore, double killedAt, double outAt,
                       double restoredAt, long failedInRecovery, LoadResult load, java.util.List<String> replicasAfter) {

    public boolean killed() {
        return pid >= 0;
    }

    public boolean restored() {
        return !Double.isNaN(restoredAt);
    }

    /** Seconds from the kill until N was restored (NaN when it was not). */
    public double recoverySeconds() {
        return restoredAt - killedAt;
    }

    public double bucketSeconds() {
        return load.series().bucketNanos() / 1e9;
    }

    /** Failures per bucket of {@code series} between two times (seconds), inclusive of both buckets. */
    static long failuresBetween(RateSeries series, double from, double to) {
        long[] failures = series.failures();
        double width = series.bucketNanos() / 1e9;
        long sum = 0;
        for (int b = 0; b < failures.length; b++) {
            double start = b * width;
            if (start + width > from && start <= to) {
                sum += failures[b];
            }
        }
        return sum;
    }
}
