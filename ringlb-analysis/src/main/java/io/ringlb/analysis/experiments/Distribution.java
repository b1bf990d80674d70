package io.ringlb.analysis.experiments;

import io.ringlb.analysis.load.ErrorKind;
import io.ringlb.analysis.load.LatencySummary;
import io.ringlb.analysis.load.LoadResult;
import io.ringlb.analysis.harness.ReplicaSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one measured run spread over the replicas: requests answered by each replica listed by
 * {@code /rep} (0 for one that answered none), plus any other replica that answered.
 *
 * @param replicas names, in {@code /rep} order
 * @param counts   answers per replica, parallel to {@code replicas}
 * @param sent     requests sent; {@code sum(counts) + failed == sent}
 * @param failed   requests that failed, of any kind
 * @param errors   failures by kind
 * @param seconds  load time of the run
 * @param latency  response latency
 */
public record Distribution(List<String> replicas, List<Long> counts, long sent, long failed,
                           Map<ErrorKind, Long> errors, double seconds, LatencySummary latency) {

    public Distribution {
        replicas = List.copyOf(replicas);
        counts = List.copyOf(counts);
        errors = Map.copyOf(errors);
    }

    /** The distribution of {@code result} over {@code rep}'s replicas. */
    public static Distribution of(ReplicaSet rep, LoadResult result) {
        List<String> names = new ArrayList<>(rep.names());
        result.answersByReplica().keySet().stream().filter(n -> !names.contains(n)).sorted().forEach(names::add);
        List<Long> counts = names.stream().map(n -> result.answersByReplica().getOrDefault(n, 0L)).toList();
        return new Distribution(names, counts, result.sent(), result.failed(), result.errors(),
                result.elapsedSeconds(), result.latency());
    }

    public int n() {
        return replicas.size();
    }

    public long answered() {
        return counts.stream().mapToLong(Long::longValue).sum();
    }

    /** Mean, min, max, std dev and peak/mean of the counts. */
    public LoadStats stats() {
        return LoadStats.of(counts.stream().mapToLong(Long::longValue).toArray());
    }

    /** Replica {@code i}'s fraction of the answered requests. */
    public double share(int i) {
        long answered = answered();
        return answered == 0 ? 0 : (double) counts.get(i) / answered;
    }

    public double requestsPerSecond() {
        return seconds == 0 ? 0 : sent / seconds;
    }
}
