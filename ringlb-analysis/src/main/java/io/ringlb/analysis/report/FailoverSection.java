package io.ringlb.analysis.report;

import io.ringlb.analysis.AnalysisResults;
import io.ringlb.analysis.charts.ChartFiles;
import io.ringlb.analysis.charts.FailoverChart;
import io.ringlb.analysis.experiments.EndpointTour;
import io.ringlb.analysis.experiments.Failover;
import io.ringlb.analysis.experiments.SetupResult;
import io.ringlb.analysis.harness.Exchange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A-3's section: the endpoint tour (every request and response), then the kill and the recovery. */
final class FailoverSection {

    private FailoverSection() {
    }

    static Optional<ReportSection> build(AnalysisResults r, Path charts) {
        SetupResult s = r.primary();
        if (s == null || s.failover() == null) {
            return Optional.empty();
        }
        EndpointTour.Tour tour = s.tour();
        Failover f = s.failover();
        List<String> notes = new ArrayList<>();
        notes.add("Configuration: " + s.description() + ". " + tour.passed() + " of " + tour.steps().size()
                + " requests got the status (and, where the contract fixes it, the exact message) the contract requires; /rep "
                + (tour.unchanged() ? "was the same before and after the tour." : "changed: before " + tour.before().names()
                + ", after " + tour.after().names() + "."));
        notes.add("Then " + Fmt.rate(r.options().failoverRate()) + " requests/s of GET /home; " + f.note()
                + (f.killed() ? "; /rep polled every 20 ms until N=" + f.nBefore() + " again without it." : "."));
        Figure figure = new Figure(ChartFiles.write(FailoverChart.requestsPerSecond(f), charts, "a3-failover"),
                reading(f), numbers(f));
        return Optional.of(new ReportSection("a3", "A-3: every endpoint, then a replica killed under load", notes,
                List.of(figure), List.of(tourTable(tour)), transcript(tour)));
    }

    private static String reading(Failover f) {
        if (!f.killed()) {
            return "No replica was killed (" + f.note() + "); the chart shows steady load only.";
        }
        if (!f.restored()) {
            return "After SIGKILL of " + f.victim() + " the balancer did not get back to N=" + f.nBefore()
                    + " within 30 s; " + Fmt.count(f.failedInRecovery()) + " requests failed meanwhile.";
        }
        return "After SIGKILL of " + f.victim() + " the balancer dropped it from /rep within " + Fmt.millis(f.outAt() - f.killedAt())
                + " and was back to N=" + f.nBefore() + " after " + Fmt.millis(f.recoverySeconds()) + "; "
                + Fmt.count(f.failedInRecovery()) + " of " + Fmt.count(f.load().sent()) + " requests failed during the recovery.";
    }

    private static Table numbers(Failover f) {
        return Table.of("measure", "value")
                .row("replica killed", f.victim() + (f.killed() ? " (pid " + f.pid() + ")" : " (not killed)"))
                .row("SIGKILL at", Fmt.millis(f.killedAt()) + " into the load")
                .row("out of /rep after", Fmt.millis(f.outAt() - f.killedAt()))
                .row("N=" + f.nBefore() + " restored after", f.restored() ? Fmt.millis(f.recoverySeconds()) : "not within 30 s")
                .row("failed during the recovery", Fmt.count(f.failedInRecovery()))
                .row("requests sent / failed in all", Fmt.count(f.load().sent()) + " / " + Fmt.count(f.load().failed()))
                .row("failures by kind", LoadRunsSection.errors(f.load().errors()))
                .row("responses by status", f.load().statuses().entrySet().stream()
                        .map(e -> e.getKey() + ": " + Fmt.count(e.getValue())).collect(java.util.stream.Collectors.joining(", ")))
                .row("replicas after", String.join(" ", f.replicasAfter()))
                .build();
    }

    private static Table tourTable(EndpointTour.Tour tour) {
        Table.Builder t = Table.of("#", "checks", "request", "status (expected)", "ok");
        int i = 1;
        for (EndpointTour.Step step : tour.steps()) {
            t.row(i++, step.purpose(), step.exchange().request(), step.exchange().status() + " (" + step.expectedStatus() + ")",
                    step.passed() ? "yes" : "NO");
        }
        return t.build();
    }

    private static String transcript(EndpointTour.Tour tour) {
        StringBuilder sb = new StringBuilder();
        for (EndpointTour.Step step : tour.steps()) {
            Exchange ex = step.exchange();
            sb.append("> ").append(ex.request()).append('\n');
            sb.append("< ").append(ex.status()).append(' ').append(ex.responseBody().isEmpty() ? "(empty body)" : ex.responseBody())
                    .append("\n\n");
        }
        return sb.toString().trim();
    }
}
