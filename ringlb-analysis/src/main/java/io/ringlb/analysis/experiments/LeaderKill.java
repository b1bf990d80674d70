package io.ringlb.analysis.experiments;

import io.ringlb.analysis.load.LoadResult;
import java.util.List;

/**
 * What the cluster experiment measured when it killed the leader instance under load, through
 * another instance. Times are seconds since the load began (NaN: did not happen).
 *
 * @param leader           the leader's instance name, as the instances reported it
 * @param leaderUrl        where it listened
 * @param pid              its process id, or -1 when it was not killed
 * @param note             how it was killed, or why it was not
 * @param through          the instance the load went through
 * @param nBefore          replicas before the kill
 * @param killedAt         when SIGKILL was sent
 * @param newLeader        who leads after it
 * @param newLeaderAt      when every surviving instance named a new, live leader
 * @param droppedAt        when the surviving instances' /rep first lost the dead instance's replicas
 * @param restoredAt       when every surviving instance showed N = nBefore again, all alike
 * @param failedInRecovery requests that failed between the kill and the restoration (or the end)
 * @param load             the run's load, in time buckets
 * @param replicasAfter    /rep at the end
 */
public record LeaderKill(String leader, String leaderUrl, long pid, String note, String through, int nBefore,
                         double killedAt, String newLeader, double newLeaderAt, double droppedAt, double restoredAt,
                         long failedInRecovery, LoadResult load, List<String> replicasAfter) {

    public boolean killed() {
        return pid >= 0;
    }

    public boolean restored() {
        return !Double.isNaN(restoredAt);
    }

    public double bucketSeconds() {
        return load.series().bucketNanos() / 1e9;
    }
}
