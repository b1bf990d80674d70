package io.ringlb.analysis.report;

import io.ringlb.analysis.AnalysisResults;
import io.ringlb.analysis.experiments.Distribution;
import io.ringlb.analysis.experiments.SetupResult;
import io.ringlb.analysis.load.ErrorKind;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Every measured load run: counts, failures by kind, load time, rate and latency; the load generator's own record. */
final class LoadRunsSection {

    private LoadRunsSection() {
    }

    static Optional<ReportSection> build(AnalysisResults r) {
        Table.Builder t = Table.of("configuration", "run", "sent", "answered", "failed", "failures by kind", "load time",
                "req/s", "p50", "p99", "max");
        int runs = 0;
        for (SetupResult s : r.setups()) {
            if (s.a1() != null) {
                row(t, s.label(), "A-1 N=" + s.a1().n(), s.a1());
                runs++;
            }
            for (Distribution d : s.a2()) {
                row(t, s.label(), "A-2 N=" + d.n(), d);
                runs++;
            }
        }
        if (runs == 0) {
            return Optional.empty();
        }
        return Optional.of(new ReportSection("load", "Load runs",
                List.of("Every measured run of the asynchronous load generator (Netty, " + r.options().concurrency()
                        + " keep-alive connections, one request in flight each, " + r.options().timeout().toMillis()
                        + " ms timeout per request). Each request ends once, answered or failed, so answered + failed = sent. "
                        + "Load time runs from the first request to the last response; latencies are from HdrHistogram. "
                        + "After each change of N, " + Fmt.count(r.options().warmup()) + " warm-up requests went first, not counted."),
                List.of(), List.of(t.build()), ""));
    }

    private static void row(Table.Builder t, String label, String run, Distribution d) {
        t.row(label, run, Fmt.count(d.sent()), Fmt.count(d.answered()), Fmt.count(d.failed()), errors(d.errors()),
                Fmt.seconds(d.seconds()), Fmt.rate(d.requestsPerSecond()), ms(d.latency().p50()), ms(d.latency().p99()),
                ms(d.latency().max()));
    }

    private static String ms(double ms) {
        return String.format(java.util.Locale.ROOT, "%.1f ms", ms);
    }

    /** "none", or e.g. "timed out 3, connection lost 1". */
    static String errors(Map<ErrorKind, Long> errors) {
        if (errors.isEmpty()) {
            return "none";
        }
        return errors.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey().label() + " " + Fmt.count(e.getValue())).collect(Collectors.joining(", "));
    }
}
