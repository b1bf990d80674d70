package io.ringlb.analysis.charts;

import io.ringlb.analysis.experiments.Failover;
import io.ringlb.analysis.load.RateSeries;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/** A-3's time series: requests per second answered by each replica, and failures, around the kill. */
public final class FailoverChart {

    private FailoverChart() {
    }

    public static JFreeChart requestsPerSecond(Failover f) {
        XYPlot plot = timeline(f.load().series());
        if (f.killed()) {
            plot.addDomainMarker(ChartStyle.domainMarker(f.killedAt(), "SIGKILL " + f.victim(), ChartStyle.FAILURE));
        }
        if (f.restored()) {
            plot.addDomainMarker(ChartStyle.domainMarker(f.restoredAt(), "N=" + f.nBefore() + " restored", ChartStyle.IDEAL));
        }
        JFreeChart chart = new JFreeChart("A-3: requests per second by replica, one replica killed",
                JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        String subtitle = f.killed()
                ? String.format(Locale.ROOT, "recovery %s · %,d of %,d requests failed during it · %.0f ms buckets",
                        f.restored() ? String.format(Locale.ROOT, "%.2f s", f.recoverySeconds()) : "not within 30 s",
                        f.failedInRecovery(), f.load().sent(), f.bucketSeconds() * 1000)
                : f.note();
        return ChartStyle.apply(chart, subtitle);
    }

    /** Requests per second answered by each replica, and failures, over the run's buckets; markers are the caller's. */
    static XYPlot timeline(RateSeries series) {
        double width = series.bucketNanos() / 1e9;
        // The last bucket is cut short by the end of the load: leave it out rather than show a false dip.
        int buckets = Math.max(0, series.buckets() - 1);
        XYSeriesCollection data = new XYSeriesCollection();
        Map<String, long[]> byName = new TreeMap<>(series.byReplica());
        for (Map.Entry<String, long[]> e : byName.entrySet()) {
            data.addSeries(rate(e.getKey(), e.getValue(), buckets, width));
        }
        XYSeries failures = rate("failed", series.failures(), buckets, width);
        data.addSeries(failures);
        XYLineAndShapeRenderer lines = ChartStyle.lines(new XYLineAndShapeRenderer(true, false), data.getSeriesCount());
        lines.setSeriesPaint(data.getSeriesCount() - 1, ChartStyle.FAILURE);
        lines.setSeriesStroke(data.getSeriesCount() - 1, ChartStyle.DASHED);
        NumberAxis x = new NumberAxis("seconds since the load began");
        NumberAxis y = new NumberAxis("requests per second");
        return new XYPlot(data, x, y, lines);
    }

    private static XYSeries rate(String name, long[] counts, int buckets, double width) {
        XYSeries s = new XYSeries(name, false, false);
        for (int b = 0; b < buckets && b < counts.length; b++) {
            s.add((b + 0.5) * width, counts[b] / width);
        }
        return s;
    }
}
