package io.ringlb.analysis.report;

import io.ringlb.analysis.AnalysisResults;
import io.ringlb.analysis.charts.ChartFiles;
import io.ringlb.analysis.charts.ClusterCharts;
import io.ringlb.analysis.experiments.ClusterAgreement;
import io.ringlb.analysis.experiments.ClusterResult;
import io.ringlb.analysis.experiments.LeaderKill;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The cluster experiment's section: agreement across instances, then the leader killed. */
final class ClusterSection {

    private ClusterSection() {
    }

    static Optional<ReportSection> build(AnalysisResults r, Path charts) {
        ClusterResult c = r.cluster();
        if (c == null) {
            return Optional.empty();
        }
        ClusterAgreement a = c.agreement();
        LeaderKill k = c.leaderKill();
        List<String> notes = List.of(
                "Instances: " + String.join(", ", a.instances()) + ". Each got the same " + Fmt.count(a.keys())
                        + " random keys as X-Request-Id; X-Served-By tells which replica answered.",
                "Then " + Fmt.rate(r.options().failoverRate()) + " requests/s of GET /home through " + k.through() + "; " + k.note()
                        + (k.killed() ? "; the other instances' /rep polled every 20 ms." : "."));
        Figure agreement = new Figure(ChartFiles.write(ClusterCharts.agreement(a), charts, "cluster-agreement"),
                String.format(java.util.Locale.ROOT, "%s of %s keys (%s) went to the same replica through every instance.",
                        Fmt.count(a.agreed()), Fmt.count(a.keys()), Fmt.pct2(a.agreement())),
                agreementTable(a));
        Figure kill = new Figure(ChartFiles.write(ClusterCharts.leaderKill(k), charts, "cluster-leader-kill"), reading(k), killTable(k));
        return Optional.of(new ReportSection("cluster", "Cluster: one ring across instances, and the leader killed", notes,
                List.of(agreement, kill), List.of(), ""));
    }

    private static Table agreementTable(ClusterAgreement a) {
        Table.Builder t = Table.of("instance", "requests per replica", "ring versions seen");
        for (String instance : a.instances()) {
            Map<String, Long> counts = a.perReplica().getOrDefault(instance, Map.of());
            t.row(instance, counts.entrySet().stream().map(e -> e.getKey() + " " + Fmt.count(e.getValue())).collect(Collectors.joining(", ")),
                    String.join(", ", a.versions().getOrDefault(instance, List.of())));
        }
        return t.build();
    }

    private static String reading(LeaderKill k) {
        if (!k.killed()) {
            return "The leader was not killed (" + k.note() + ").";
        }
        return "After SIGKILL of leader " + k.leader() + ", " + (k.newLeader().isEmpty() ? "no instance" : k.newLeader())
                + " led after " + Fmt.millis(k.newLeaderAt() - k.killedAt()) + " and N=" + k.nBefore() + " was back after "
                + (k.restored() ? Fmt.millis(k.restoredAt() - k.killedAt()) : "more than 60 s") + "; "
                + Fmt.count(k.failedInRecovery()) + " of " + Fmt.count(k.load().sent()) + " requests failed meanwhile.";
    }

    private static Table killTable(LeaderKill k) {
        return Table.of("measure", "value")
                .row("leader killed", k.leader() + " at " + k.leaderUrl() + (k.killed() ? " (pid " + k.pid() + ")" : " (not killed)"))
                .row("load through", k.through())
                .row("new leader after", k.newLeader() + " " + Fmt.millis(k.newLeaderAt() - k.killedAt()))
                .row("its replicas out of /rep after", Fmt.millis(k.droppedAt() - k.killedAt()))
                .row("N=" + k.nBefore() + " restored after", k.restored() ? Fmt.millis(k.restoredAt() - k.killedAt()) : "not within 60 s")
                .row("failed during the recovery", Fmt.count(k.failedInRecovery()))
                .row("requests sent / failed in all", Fmt.count(k.load().sent()) + " / " + Fmt.count(k.load().failed()))
                .row("failures by kind", LoadRunsSection.errors(k.load().errors()))
                .row("replicas after", String.join(" ", k.replicasAfter()))
                .build();
    }
}
