package io.ringlb.analysis.report;

import io.ringlb.analysis.AnalysisResults;
import io.ringlb.analysis.charts.ChartFiles;
import io.ringlb.analysis.charts.ScalingCharts;
import io.ringlb.analysis.experiments.Distribution;
import io.ringlb.analysis.experiments.LoadStats;
import io.ringlb.analysis.experiments.SetupResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A-2's section: the primary configuration's load per replica for N = 2..6, changed through /add and /rm. */
final class ScalingSection {

    private ScalingSection() {
    }

    static Optional<ReportSection> build(AnalysisResults r, Path charts) {
        SetupResult s = r.primary();
        if (s == null || s.a2().isEmpty()) {
            return Optional.empty();
        }
        Figure figure = new Figure(ChartFiles.write(ScalingCharts.meanWithBand(s.label(), s.a2()), charts, "a2-load-per-replica"),
                reading(s.label(), s.a2()), table(s.a2()));
        return Optional.of(new ReportSection("a2", "A-2: N from 2 to 6",
                List.of("Configuration: " + s.description() + ". The replica count was changed through the public API "
                        + "(POST /add, DELETE /rm) between runs of " + Fmt.count(s.a2().get(0).sent()) + " requests each."),
                List.of(figure), List.of(), ""));
    }

    /** One row per N: the spread of that run. */
    static Table table(List<Distribution> points) {
        Table.Builder t = Table.of("N", "replicas", "mean", "min", "max", "std dev", "peak/mean", "failed", "load time");
        for (Distribution d : points) {
            LoadStats s = d.stats();
            t.row(d.n(), String.join(" ", d.replicas()), Fmt.dec1(s.mean()), Fmt.count(s.min()), Fmt.count(s.max()),
                    Fmt.dec1(s.stddev()), Fmt.ratio(s.peakToMean()), Fmt.count(d.failed()), Fmt.seconds(d.seconds()));
        }
        return t.build();
    }

    static String reading(String label, List<Distribution> points) {
        double lo = points.stream().mapToDouble(d -> d.stats().peakToMean()).min().orElse(0);
        double hi = points.stream().mapToDouble(d -> d.stats().peakToMean()).max().orElse(0);
        Distribution worst = points.stream().max((a, b) -> Double.compare(a.stats().peakToMean(), b.stats().peakToMean())).orElseThrow();
        return label + ": the mean load falls as 1/N while peak/mean stays between " + Fmt.ratio(lo) + " and " + Fmt.ratio(hi)
                + " (widest band at N=" + worst.n() + ").";
    }
}
