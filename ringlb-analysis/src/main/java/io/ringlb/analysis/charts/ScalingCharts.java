package io.ringlb.analysis.charts;

import io.ringlb.analysis.experiments.Distribution;
import io.ringlb.analysis.experiments.LoadStats;
import io.ringlb.analysis.experiments.SetupResult;
import java.awt.Color;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedRangeXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.DeviationRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.jfree.data.xy.YIntervalSeries;
import org.jfree.data.xy.YIntervalSeriesCollection;

/** A-2's mean load per replica with its min–max band, and A-4's comparisons of it. */
public final class ScalingCharts {

    private ScalingCharts() {
    }

    /** Mean requests per replica against N, with the band from the least to the most loaded replica. */
    public static JFreeChart meanWithBand(String algorithm, List<Distribution> points) {
        XYPlot plot = bandPlot(points, 0, "N (replicas)");
        String ratios = points.stream()
                .map(d -> String.format(Locale.ROOT, "N=%d %.2f", d.n(), d.stats().peakToMean()))
                .collect(Collectors.joining(" · "));
        long requests = points.isEmpty() ? 0 : points.get(0).sent();
        JFreeChart chart = new JFreeChart(String.format(Locale.ROOT, "A-2: load per replica, %,d requests per N (%s)",
                requests, algorithm), JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        return ChartStyle.apply(chart, "line: mean per replica · band: least to most loaded replica · peak/mean " + ratios);
    }

    /** Peak/mean against N, one line per configuration. */
    public static JFreeChart peakToMeanByN(List<SetupResult> setups) {
        XYSeriesCollection data = new XYSeriesCollection();
        for (SetupResult s : setups) {
            XYSeries series = new XYSeries(s.label());
            s.a2().forEach(d -> series.add(d.n(), d.stats().peakToMean()));
            data.addSeries(series);
        }
        NumberAxis x = integerAxis("N (replicas)");
        NumberAxis y = new NumberAxis("peak / mean (1 = perfectly even)");
        y.setAutoRangeIncludesZero(false);
        XYLineAndShapeRenderer lines = ChartStyle.lines(new XYLineAndShapeRenderer(true, true), data.getSeriesCount());
        XYPlot plot = new XYPlot(data, x, y, lines);
        plot.addRangeMarker(ChartStyle.rangeMarker(1.0, "perfect balance", ChartStyle.IDEAL));
        JFreeChart chart = new JFreeChart("A-4: peak/mean load against N, side by side", JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        return ChartStyle.apply(chart, "the busiest replica's requests over the mean, for each configuration");
    }

    /** A-2's band chart of every configuration, side by side on one shared y axis. */
    public static JFreeChart bandsSideBySide(List<SetupResult> setups) {
        NumberAxis y = new NumberAxis("requests per replica");
        CombinedRangeXYPlot combined = new CombinedRangeXYPlot(y);
        combined.setGap(12);
        int color = 0;
        for (SetupResult s : setups) {
            if (!s.a2().isEmpty()) {
                combined.add(bandPlot(s.a2(), color++, s.label()), 1);
            }
        }
        JFreeChart chart = new JFreeChart("A-4: load per replica against N, side by side", JFreeChart.DEFAULT_TITLE_FONT,
                combined, false);
        return ChartStyle.apply(chart, "each panel is one configuration, N = 2..6 · line: mean · band: min to max");
    }

    private static XYPlot bandPlot(List<Distribution> points, int colorIndex, String xLabel) {
        YIntervalSeries series = new YIntervalSeries("mean per replica (band: min–max)");
        for (Distribution d : points) {
            LoadStats s = d.stats();
            series.add(d.n(), s.mean(), s.min(), s.max());
        }
        YIntervalSeriesCollection data = new YIntervalSeriesCollection();
        data.addSeries(series);
        Color color = ChartStyle.PALETTE[colorIndex % ChartStyle.PALETTE.length];
        DeviationRenderer band = ChartStyle.lines(new DeviationRenderer(true, true), 1);
        band.setAutoPopulateSeriesFillPaint(false);
        band.setSeriesPaint(0, color);
        band.setSeriesFillPaint(0, color);
        band.setAlpha(0.25f);
        NumberAxis y = new NumberAxis("requests per replica");
        y.setAutoRangeIncludesZero(true);
        XYPlot plot = new XYPlot(data, integerAxis(xLabel), y, band);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(new Color(0xDDDDDD));
        plot.setDomainGridlinePaint(new Color(0xDDDDDD));
        return plot;
    }

    private static NumberAxis integerAxis(String label) {
        NumberAxis x = new NumberAxis(label);
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        x.setAutoRangeIncludesZero(false);
        x.setLowerMargin(0.04);
        x.setUpperMargin(0.04);
        return x;
    }
}
