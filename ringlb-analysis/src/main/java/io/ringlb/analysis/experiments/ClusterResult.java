package io.ringlb.analysis.experiments;

/** The cluster experiment: key agreement across the instances, then the leader killed. */
public record ClusterResult(ClusterAgreement agreement, LeaderKill leaderKill) {
}
