package io.ringlb.analysis.load;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one load run measured. Every request sent ends exactly once, as an answer from a replica
 * or as an error of one kind, so {@code sent == answered() + failed()}.
 *
 * @param sent             requests written (or attempted, when the connection failed)
 * @param answersByReplica 2xx answers by the replica their body names, most answers first
 * @param errors           failed requests by kind
 * @param statuses         every HTTP response by status code
 * @param latency          latency of the responses (of any status)
 * @param elapsedNanos     from the first request to the last completion
 * @param series           answers and failures over time
 */
public record LoadResult(long sent, Map<String, Long> answersByReplica, Map<ErrorKind, Long> errors,
                         Map<Integer, Long> statuses, LatencySummary latency, long elapsedNanos, RateSeries series) {

    public LoadResult {
        answersByReplica = Collections.unmodifiableMap(new LinkedHashMap<>(answersByReplica));
        errors = Map.copyOf(errors);
        statuses = Collections.unmodifiableMap(new TreeMap<>(statuses));
    }

    /** Requests a replica answered. */
    public long answered() {
        return answersByReplica.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Requests that failed, of any kind. */
    public long failed() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    public double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }

    /** Completed requests per second over the run. */
    public double requestsPerSecond() {
        return elapsedNanos == 0 ? 0 : sent / elapsedSeconds();
    }
}
