package io.ringlb.analysis.charts;

import io.ringlb.analysis.experiments.BalanceSweep;
import io.ringlb.analysis.experiments.Disruption;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** The charts of the experiments on the hashing core: keys moved, and balance against its knobs. */
public final class CoreCharts {

    private CoreCharts() {
    }

    /** Percent of keys moved per change of membership, one line per configuration, the ideal dashed. */
    public static JFreeChart disruption(List<Disruption.Curve> curves, boolean adds, int keys) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (Disruption.Curve c : curves) {
            XYSeries s = new XYSeries(c.algorithm());
            for (Disruption.Move m : adds ? c.adds() : c.removes()) {
                s.add(Math.max(m.from(), m.to()), 100 * m.moved());
            }
            data.addSeries(s);
        }
        XYSeries ideal = new XYSeries("ideal 1/(N+1)");
        if (!curves.isEmpty()) {
            for (Disruption.Move m : adds ? curves.get(0).adds() : curves.get(0).removes()) {
                ideal.add(Math.max(m.from(), m.to()), 100 * m.ideal());
            }
        }
        data.addSeries(ideal);
        XYLineAndShapeRenderer lines = styledLines(data);
        lines.setSeriesPaint(data.getSeriesCount() - 1, ChartStyle.IDEAL);
        lines.setSeriesStroke(data.getSeriesCount() - 1, ChartStyle.DASHED);
        NumberAxis x = new NumberAxis(adds ? "N+1 (replicas after one joins N)" : "N+1 (replicas before one of them leaves)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, new NumberAxis("% of keys that change replica"), lines);
        String title = adds ? "Disruption: keys moved when a replica joins" : "Disruption: keys moved when a replica leaves";
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        return ChartStyle.apply(chart, String.format(java.util.Locale.ROOT,
                "%,d request ids on the hashing core; ideal: only the %s replica's fair share 1/(N+1) moves",
                keys, adds ? "joining" : "leaving"));
    }

    /** Peak/mean against a knob on a log scale (vnodes, or the maglev table size), one line per cluster size. */
    public static JFreeChart balance(List<BalanceSweep.Curve> curves, String title, String knob, int keys) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (BalanceSweep.Curve c : curves) {
            XYSeries s = new XYSeries("N=" + c.members());
            c.points().forEach(p -> s.add(p.setting(), p.peakToMean()));
            data.addSeries(s);
        }
        LogAxis x = new LogAxis(knob + " (log scale)");
        x.setBase(2);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setSmallestValue(1);
        x.setNumberFormatOverride(java.text.NumberFormat.getIntegerInstance(java.util.Locale.ROOT));
        NumberAxis y = new NumberAxis("peak / mean (1 = perfectly even)");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(data, x, y, styledLines(data));
        plot.addRangeMarker(ChartStyle.rangeMarker(1.0, "perfect balance", ChartStyle.IDEAL));
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        return ChartStyle.apply(chart, String.format(java.util.Locale.ROOT,
                "%,d request ids on the hashing core; replicas server1..serverN", keys));
    }

    private static XYLineAndShapeRenderer styledLines(XYSeriesCollection data) {
        return ChartStyle.lines(new XYLineAndShapeRenderer(true, true), data.getSeriesCount());
    }
}
