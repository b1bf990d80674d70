package io.ringlb.analysis.report;

import io.ringlb.analysis.AnalysisResults;
import io.ringlb.analysis.Experiment;
import io.ringlb.analysis.charts.ChartFiles;
import io.ringlb.analysis.charts.DistributionCharts;
import io.ringlb.analysis.charts.ScalingCharts;
import io.ringlb.analysis.experiments.Distribution;
import io.ringlb.analysis.experiments.SetupResult;
import io.ringlb.analysis.experiments.SetupRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A-4's section: of every configuration, side by side. */
final class ComparisonSection {

    private ComparisonSection() {
    }

    static Optional<ReportSection> build(AnalysisResults r, Path charts) {
        if (!r.options().runs(Experiment.A4)) {
            return Optional.empty();
        }
        if (!r.options().selfHosted()) {
            return Optional.of(new ReportSection("a4", "A-4: configurations side by side",
                    List.of("A-4 needs one balancer per configuration, which only a self-hosted analysis starts (run without "
                            + "--target); against " + r.options().target() + " only its own configuration was measured (A-1, A-2)."),
                    List.of(), List.of(), ""));
        }
        List<SetupResult> setups = r.setups();
        List<String> descriptions = setups.stream().map(s -> s.label() + ": " + s.description()).toList();
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure(ChartFiles.write(DistributionCharts.sharesSideBySide(setups), charts, "a4-shares"),
                sharesReading(setups), sharesTable(r, setups)));
        figures.add(new Figure(ChartFiles.write(ScalingCharts.peakToMeanByN(setups), charts, "a4-peak-to-mean"),
                peakReading(setups), peakTable(setups)));
        figures.add(new Figure(ChartFiles.write(ScalingCharts.bandsSideBySide(setups), charts, "a4-load-per-replica",
                ChartFiles.WIDTH * 3 / 2, ChartFiles.HEIGHT), "The same A-2 chart for each configuration on one y axis: the wider "
                + "the band, the further the busiest and idlest replicas are from the mean.", bandsTable(setups)));
        return Optional.of(new ReportSection("a4", "A-4: configurations side by side",
                List.of("Each configuration ran in its own self-hosted balancer: " + String.join("; ", descriptions) + "."),
                figures, List.of(), ""));
    }

    private static Table sharesTable(AnalysisResults r, List<SetupResult> setups) {
        Table.Builder t = Table.of("configuration", "shares (measured)", "peak/mean", "shares over all 900,000 ids",
                "exact peak/mean");
        for (SetupResult s : setups) {
            Distribution d = s.a1();
            List<String> shares = new ArrayList<>();
            for (int i = 0; i < d.n(); i++) {
                shares.add(d.replicas().get(i) + " " + Fmt.pct(d.share(i)));
            }
            long[] exact = DistributionSection.exactCounts(r, s.label(), d);
            List<String> exactShares = new ArrayList<>();
            long total = exact == null ? 0 : java.util.Arrays.stream(exact).sum();
            for (int i = 0; exact != null && i < exact.length; i++) {
                exactShares.add(Fmt.pct((double) exact[i] / total));
            }
            t.row(s.label(), String.join(", ", shares), Fmt.ratio(d.stats().peakToMean()),
                    exact == null ? "depends on timing" : String.join(", ", exactShares),
                    exact == null ? "–" : Fmt.ratio(io.ringlb.analysis.experiments.LoadStats.of(exact).peakToMean()));
        }
        return t.build();
    }

    private static String sharesReading(List<SetupResult> setups) {
        SetupResult best = setups.stream().min(Comparator.comparingDouble(s -> s.a1().stats().peakToMean())).orElseThrow();
        SetupResult worst = setups.stream().max(Comparator.comparingDouble(s -> s.a1().stats().peakToMean())).orElseThrow();
        Distribution w = worst.a1();
        int busiest = w.counts().indexOf(w.stats().max());
        return "At N=3, peak/mean goes from " + Fmt.ratio(best.a1().stats().peakToMean()) + " (" + best.label() + ") to "
                + Fmt.ratio(w.stats().peakToMean()) + " (" + worst.label() + ", whose busiest replica, " + w.replicas().get(busiest)
                + ", answers " + Fmt.pct(w.share(busiest)) + " of the requests).";
    }

    private static Table peakTable(List<SetupResult> setups) {
        List<String> header = new ArrayList<>(List.of("configuration"));
        for (int n = SetupRun.MIN_N; n <= SetupRun.MAX_N; n++) {
            header.add("N=" + n);
        }
        Table.Builder t = Table.of(header.toArray(String[]::new));
        for (SetupResult s : setups) {
            List<Object> row = new ArrayList<>(List.of(s.label()));
            s.a2().forEach(d -> row.add(Fmt.ratio(d.stats().peakToMean())));
            while (row.size() < header.size()) {
                row.add("–");
            }
            t.row(row.toArray());
        }
        return t.build();
    }

    private static String peakReading(List<SetupResult> setups) {
        StringBuilder sb = new StringBuilder("Worst peak/mean over N=2..6: ");
        List<String> parts = new ArrayList<>();
        for (SetupResult s : setups) {
            double worst = s.a2().stream().mapToDouble(d -> d.stats().peakToMean()).max().orElse(0);
            parts.add(s.label() + " " + Fmt.ratio(worst));
        }
        return sb.append(String.join(", ", parts)).append('.').toString();
    }

    private static Table bandsTable(List<SetupResult> setups) {
        Table.Builder t = Table.of("configuration", "N", "mean", "min", "max", "peak/mean");
        for (SetupResult s : setups) {
            for (Distribution d : s.a2()) {
                t.row(s.label(), d.n(), Fmt.dec1(d.stats().mean()), Fmt.count(d.stats().min()), Fmt.count(d.stats().max()),
                        Fmt.ratio(d.stats().peakToMean()));
            }
        }
        return t.build();
    }
}
