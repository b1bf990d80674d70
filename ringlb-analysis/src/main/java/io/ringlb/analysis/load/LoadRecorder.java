package io.ringlb.analysis.load;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The outcome of every request of one run, recorded from any thread: answers by replica,
 * failures by kind, statuses, latency (an HdrHistogram in microseconds, up to one hour) and the
 * time series. One lock guards it all; at a few thousand completions per second it is never
 * contended for long.
 */
final class LoadRecorder {

    private static final long MAX_LATENCY_MICROS = 3_600_000_000L;

    private final long startNanos;
    private final Map<String, Long> answers = new HashMap<>();
    private final Map<ErrorKind, Long> errors = new EnumMap<>(ErrorKind.class);
    private final Map<Integer, Long> statuses = new TreeMap<>();
    private final Histogram latency = new Histogram(MAX_LATENCY_MICROS, 3);
    private final RateSeries series;
    private final AtomicLong completed = new AtomicLong();
    private long lastCompletionNanos;

    LoadRecorder(long startNanos, long bucketNanos) {
        this.startNanos = startNanos;
        this.lastCompletionNanos = startNanos;
        this.series = new RateSeries(bucketNanos);
    }

    /** A 2xx response named {@code replica}; {@code latencyNanos} after its request was written. */
    synchronized void answered(String replica, int status, long latencyNanos, long nowNanos) {
        response(status, latencyNanos, nowNanos);
        answers.merge(replica, 1L, Long::sum);
        series.answered(replica, nowNanos - startNanos);
        completed.incrementAndGet();
    }

    /** A response came but does not count as an answer ({@link ErrorKind#HTTP_STATUS} or {@link ErrorKind#BAD_BODY}). */
    synchronized void rejected(ErrorKind kind, int status, long latencyNanos, long nowNanos) {
        response(status, latencyNanos, nowNanos);
        failed(kind, nowNanos);
    }

    /** The request failed. */
    synchronized void failed(ErrorKind kind, long nowNanos) {
        errors.merge(kind, 1L, Long::sum);
        series.failed(nowNanos - startNanos);
        lastCompletionNanos = Math.max(lastCompletionNanos, nowNanos);
        completed.incrementAndGet();
    }

    private void response(int status, long latencyNanos, long nowNanos) {
        statuses.merge(status, 1L, Long::sum);
        latency.recordValue(Math.min(MAX_LATENCY_MICROS, Math.max(0, latencyNanos / 1000)));
        lastCompletionNanos = Math.max(lastCompletionNanos, nowNanos);
    }

    /** Requests finished so far, answered or failed; cheap, for progress displays. */
    long completed() {
        return completed.get();
    }

    /** The result so far; {@code sent} is the count of requests issued. */
    synchronized LoadResult result(long sent) {
        Map<String, Long> sorted = new LinkedHashMap<>();
        answers.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .forEach(e -> sorted.put(e.getKey(), e.getValue()));
        return new LoadResult(sent, sorted, errors, statuses, LatencySummary.of(latency),
                lastCompletionNanos - startNanos, series.snapshot());
    }
}
