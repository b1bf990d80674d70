package io.ringlb.analysis.load;

import java.time.Duration;

/**
 * What one load run sends: {@code requests} GETs of {@code path}, at most {@code concurrency} at a
 * time (one per keep-alive connection), each failing as {@link ErrorKind#TIMEOUT} after
 * {@code timeout}.
 *
 * @param path          request-target, e.g. {@code /home}
 * @param requests      how many requests to send; with a {@code maxDuration}, at most this many
 * @param concurrency   requests in flight at once (connections), >= 1
 * @param timeout       per-request limit, from write to complete response
 * @param ratePerSecond 0 to send as fast as responses come back; otherwise requests are spaced
 *                      evenly at this rate (still never more than {@code concurrency} in flight)
 * @param maxDuration   stop issuing new requests after this long (zero: no limit)
 * @param bucket        width of the time-series buckets (requests per replica over time)
 */
public record LoadPlan(String path, long requests, int concurrency, Duration timeout, double ratePerSecond,
                       Duration maxDuration, Duration bucket) {

    public LoadPlan {
        if (path == null || !path.startsWith("/")) {
            throw new IllegalArgumentException("path must start with '/', got " + path);
        }
        if (requests < 1) {
            throw new IllegalArgumentException("requests must be >= 1, got " + requests);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, got " + concurrency);
        }
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be > 0");
        }
        if (ratePerSecond < 0 || Double.isNaN(ratePerSecond) || Double.isInfinite(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a finite number >= 0, got " + ratePerSecond);
        }
        if (maxDuration.isNegative() || bucket.isNegative() || bucket.isZero()) {
            throw new IllegalArgumentException("durations must be >= 0 and the bucket > 0");
        }
    }

    /** A fixed number of {@code GET /home} requests as fast as the target answers. */
    public static LoadPlan burst(long requests, int concurrency, Duration timeout) {
        return new LoadPlan("/home", requests, concurrency, timeout, 0, Duration.ZERO, Duration.ofSeconds(1));
    }

    /** {@code GET /home} at a steady rate for {@code duration} (or until stopped), in fine buckets. */
    public static LoadPlan steady(double ratePerSecond, int concurrency, Duration timeout, Duration duration,
                                  Duration bucket) {
        return new LoadPlan("/home", Long.MAX_VALUE, concurrency, timeout, ratePerSecond, duration, bucket);
    }

    /** Whether issuing stops on a clock rather than only on the request count. */
    public boolean timeBound() {
        return !maxDuration.isZero();
    }
}
