package io.ringlb.analysis.report;

import io.ringlb.analysis.AlgorithmSetup;
import io.ringlb.analysis.AnalysisResults;
import io.ringlb.analysis.charts.ChartFiles;
import io.ringlb.analysis.charts.DistributionCharts;
import io.ringlb.analysis.experiments.Distribution;
import io.ringlb.analysis.experiments.KeyOwners;
import io.ringlb.analysis.experiments.KeySample;
import io.ringlb.analysis.experiments.LoadStats;
import io.ringlb.analysis.experiments.SetupResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A-1's section: the primary configuration's requests per replica at N=3, with each replica's
 * exact share over all 900,000 request ids beside the measured one when the configuration is
 * known (self-hosted, without bounded loads, whose shares depend on timing).
 */
final class DistributionSection {

    private DistributionSection() {
    }

    static Optional<ReportSection> build(AnalysisResults r, Path charts) {
        SetupResult s = r.primary();
        if (s == null || s.a1() == null) {
            return Optional.empty();
        }
        Distribution d = s.a1();
        long[] exact = exactCounts(r, s.label(), d);
        LoadStats stats = d.stats();
        Table.Builder t = exact == null ? Table.of("replica", "requests", "share")
                : Table.of("replica", "requests", "share", "exact share over all 900,000 ids");
        for (int i = 0; i < d.n(); i++) {
            List<Object> row = new ArrayList<>(List.of(d.replicas().get(i), Fmt.count(d.counts().get(i)), Fmt.pct2(d.share(i))));
            if (exact != null) {
                row.add(Fmt.pct2((double) exact[i] / LoadStats.of(exact).total()));
            }
            t.row(row.toArray());
        }
        List<Object> total = new ArrayList<>(List.of("all (sent " + Fmt.count(d.sent()) + ", failed " + Fmt.count(d.failed()) + ")",
                Fmt.count(d.answered()), "peak/mean " + Fmt.ratio(stats.peakToMean())));
        if (exact != null) {
            total.add("peak/mean " + Fmt.ratio(LoadStats.of(exact).peakToMean()));
        }
        t.row(total.toArray());
        Figure figure = new Figure(ChartFiles.write(DistributionCharts.requestsPerReplica(s.label(), d), charts, "a1-requests-per-replica"),
                reading(s.label(), d, exact), t.build());
        return Optional.of(new ReportSection("a1", "A-1: " + Fmt.count(d.sent()) + " requests at N=" + d.n(),
                List.of("Configuration: " + s.description() + ". Mean " + Fmt.dec1(stats.mean()) + " requests per replica, min "
                        + Fmt.count(stats.min()) + ", max " + Fmt.count(stats.max()) + ", std dev " + Fmt.dec1(stats.stddev())
                        + ". Load time " + Fmt.seconds(d.seconds()) + " (" + Fmt.rate(d.requestsPerSecond()) + " req/s)."),
                List.of(figure), List.of(), ""));
    }

    /** The exact counts of server1..3 over every request id, when the configuration is known and static. */
    static long[] exactCounts(AnalysisResults r, String label, Distribution d) {
        if (!r.options().selfHosted()) {
            return null;
        }
        AlgorithmSetup setup = r.options().algorithms().stream().filter(a -> a.name().equals(label)).findFirst().orElse(null);
        if (setup == null || setup.boundedLoads() || !d.replicas().equals(names(d.n()))) {
            return null;
        }
        return KeyOwners.overAllIds(setup, KeySample.servers(d.n()));
    }

    private static List<String> names(int n) {
        return KeySample.servers(n).stream().map(m -> m.name()).toList();
    }

    private static String reading(String label, Distribution d, long[] exact) {
        LoadStats stats = d.stats();
        int busiest = d.counts().indexOf(stats.max());
        String spread = stats.peakToMean() < 1.1 ? "spreads the requests almost evenly" : "spreads the requests unevenly";
        String vsExact = "";
        if (exact != null) {
            double worst = 0;
            for (int i = 0; i < d.n(); i++) {
                worst = Math.max(worst, Math.abs(d.share(i) - (double) exact[i] / LoadStats.of(exact).total()));
            }
            vsExact = "; every measured share is within " + Fmt.pct2(worst) + " of its exact share over all ids";
        }
        return label + " " + spread + ": the busiest replica, " + d.replicas().get(busiest) + ", answered "
                + Fmt.pct(d.share(busiest)) + " of the requests, " + Fmt.ratio(stats.peakToMean()) + "x the mean"
                + vsExact + ".";
    }
}
