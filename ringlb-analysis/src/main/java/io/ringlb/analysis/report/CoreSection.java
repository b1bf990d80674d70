package io.ringlb.analysis.report;

import io.ringlb.analysis.AnalysisResults;
import io.ringlb.analysis.charts.ChartFiles;
import io.ringlb.analysis.charts.CoreCharts;
import io.ringlb.analysis.experiments.BalanceSweep;
import io.ringlb.analysis.experiments.Disruption;
import io.ringlb.core.HashingConfig;
import io.ringlb.core.MaglevTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** The sections of the experiments on the hashing core alone: disruption, and balance against vnodes and table size. */
final class CoreSection {

    private CoreSection() {
    }

    static Optional<ReportSection> disruption(AnalysisResults r, Path charts) {
        List<Disruption.Curve> curves = r.disruption();
        if (curves.isEmpty()) {
            return Optional.empty();
        }
        int keys = r.options().keys();
        Figure join = new Figure(ChartFiles.write(CoreCharts.disruption(curves, true, keys), charts, "disruption-join"),
                disruptionReading(curves, true), moveTable(curves, Disruption.Curve::adds));
        Figure leave = new Figure(ChartFiles.write(CoreCharts.disruption(curves, false, keys), charts, "disruption-leave"),
                disruptionReading(curves, false), moveTable(curves, Disruption.Curve::removes));
        return Optional.of(new ReportSection("disruption", "Disruption: keys moved when a replica joins or leaves",
                List.of(Fmt.count(keys) + " request ids (fixed seed) looked up on the hashing core before and after each change: "
                        + "serverN+1 joins server1..serverN, or server1 leaves server1..serverN+1. Ideal is 1/(N+1): only the "
                        + "joining or leaving replica's fair share moves. Bounded loads is simulated statically: keys placed one "
                        + "after another, all held, each replica capped at ceil(1.25 x placed / N)."),
                List.of(join, leave), List.of(), ""));
    }

    private static Table moveTable(List<Disruption.Curve> curves, Function<Disruption.Curve, List<Disruption.Move>> moves) {
        List<String> header = new ArrayList<>(List.of("configuration"));
        moves.apply(curves.get(0)).forEach(m -> header.add(m.from() + "→" + m.to()));
        Table.Builder t = Table.of(header.toArray(String[]::new));
        for (Disruption.Curve c : curves) {
            List<Object> row = new ArrayList<>(List.of(c.algorithm()));
            moves.apply(c).forEach(m -> row.add(Fmt.pct(m.moved())));
            t.row(row.toArray());
        }
        List<Object> ideal = new ArrayList<>(List.of("ideal 1/(N+1)"));
        moves.apply(curves.get(0)).forEach(m -> ideal.add(Fmt.pct(m.ideal())));
        return t.row(ideal.toArray()).build();
    }

    private static String disruptionReading(List<Disruption.Curve> curves, boolean join) {
        List<String> parts = new ArrayList<>();
        double ideal = 0;
        for (Disruption.Curve c : curves) {
            Disruption.Move m = (join ? c.adds() : c.removes()).stream().filter(x -> Math.max(x.from(), x.to()) == 4)
                    .findFirst().orElseThrow();
            ideal = m.ideal();
            parts.add(c.algorithm() + " " + Fmt.pct(m.moved()));
        }
        return (join ? "A 4th replica joining 3 moves " : "One of 4 replicas leaving moves ") + String.join(", ", parts)
                + " of the keys (ideal " + Fmt.pct(ideal) + ").";
    }

    static Optional<ReportSection> balance(AnalysisResults r, Path charts) {
        if (r.vnodes().isEmpty()) {
            return Optional.empty();
        }
        int keys = r.options().keys();
        Figure vnodes = new Figure(ChartFiles.write(CoreCharts.balance(r.vnodes(), "Balance against vnodes (ring mode)", "vnodes per replica", keys),
                charts, "balance-vnodes"), balanceReading(r.vnodes(), "vnodes", HashingConfig.DEFAULT_VNODES), sweepTable(r.vnodes(), "vnodes"));
        Figure maglev = new Figure(ChartFiles.write(CoreCharts.balance(r.maglev(), "Balance against the table size (maglev mode)", "table size M", keys),
                charts, "balance-maglev"), balanceReading(r.maglev(), "M", MaglevTable.DEFAULT_SIZE), sweepTable(r.maglev(), "table size M"));
        return Optional.of(new ReportSection("balance", "Balance against vnodes and maglev table size",
                List.of("Peak/mean of " + Fmt.count(keys) + " request ids (fixed seed) over server1..serverN on the hashing core. "
                        + "At this many keys, sampling alone leaves peak/mean around 1.005-1.02 even for a perfect split."),
                List.of(vnodes, maglev), List.of(), ""));
    }

    private static Table sweepTable(List<BalanceSweep.Curve> curves, String knob) {
        List<String> header = new ArrayList<>(List.of(knob));
        curves.forEach(c -> header.add("N=" + c.members()));
        Table.Builder t = Table.of(header.toArray(String[]::new));
        for (int i = 0; i < curves.get(0).points().size(); i++) {
            List<Object> row = new ArrayList<>(List.of(Fmt.count(curves.get(0).points().get(i).setting())));
            for (BalanceSweep.Curve c : curves) {
                row.add(Fmt.ratio(c.points().get(i).peakToMean()));
            }
            t.row(row.toArray());
        }
        return t.build();
    }

    private static String balanceReading(List<BalanceSweep.Curve> curves, String knob, int defaultSetting) {
        BalanceSweep.Curve first = curves.get(0);
        List<BalanceSweep.Point> p = first.points();
        BalanceSweep.Point atDefault = p.stream().filter(x -> x.setting() == defaultSetting).findFirst().orElse(p.get(p.size() - 1));
        return "With N=" + first.members() + ", peak/mean falls from " + Fmt.ratio(p.get(0).peakToMean()) + " at " + knob + "="
                + p.get(0).setting() + " to " + Fmt.ratio(atDefault.peakToMean()) + " at " + knob + "=" + atDefault.setting()
                + (atDefault.setting() == defaultSetting ? ", the default." : ".");
    }
}
