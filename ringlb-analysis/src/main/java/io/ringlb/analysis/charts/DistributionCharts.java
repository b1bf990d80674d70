package io.ringlb.analysis.charts;

import io.ringlb.analysis.experiments.Distribution;
import io.ringlb.analysis.experiments.SetupResult;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

/** A-1's bar chart of requests per replica, and A-4's shares of every configuration side by side. */
public final class DistributionCharts {

    private DistributionCharts() {
    }

    /** Requests each replica answered, labelled with count and share, against a line at the mean. */
    public static JFreeChart requestsPerReplica(String algorithm, Distribution d) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < d.n(); i++) {
            data.addValue(d.counts().get(i), "requests", d.replicas().get(i));
        }
        JFreeChart chart = ChartFactory.createBarChart(
                String.format(Locale.ROOT, "A-1: %,d requests over %d replicas (%s)", d.sent(), d.n(), algorithm),
                "replica (from /home's message)", "requests answered", data, PlotOrientation.VERTICAL, false, false, false);
        ChartStyle.apply(chart, String.format(Locale.ROOT, "peak/mean %.3f · %,d failed · %.2f s of load (%,.0f req/s)",
                d.stats().peakToMean(), d.failed(), d.seconds(), d.requestsPerSecond()));
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setMaximumBarWidth(0.18);
        bars.setDefaultItemLabelGenerator(new CountAndShareLabels(d.answered()));
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 13));
        plot.addRangeMarker(ChartStyle.rangeMarker(d.stats().mean(), String.format(Locale.ROOT, "mean %,.1f", d.stats().mean()),
                ChartStyle.IDEAL));
        plot.getRangeAxis().setUpperMargin(0.12);
        return chart;
    }

    /** Each configuration's A-1 shares (a group of bars per configuration), against the fair share 1/N. */
    public static JFreeChart sharesSideBySide(List<SetupResult> setups) {
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        int n = 0;
        for (SetupResult s : setups) {
            if (s.a1() == null) {
                continue;
            }
            n = s.a1().n();
            for (int i = 0; i < s.a1().n(); i++) {
                data.addValue(100 * s.a1().share(i), s.a1().replicas().get(i), s.label());
            }
        }
        JFreeChart chart = ChartFactory.createBarChart("A-4: share of requests per replica at N=" + n + ", side by side",
                "configuration", "% of requests", data, PlotOrientation.VERTICAL, true, false, false);
        ChartStyle.apply(chart, "each group is one balancer; the dashed line is the fair share 1/N");
        CategoryPlot plot = chart.getCategoryPlot();
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        bars.setItemMargin(0.04);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", oneDecimal()));
        bars.setDefaultItemLabelsVisible(true);
        if (n > 0) {
            plot.addRangeMarker(ChartStyle.rangeMarker(100.0 / n, String.format(Locale.ROOT, "1/N = %.1f%%", 100.0 / n),
                    ChartStyle.IDEAL));
        }
        plot.getRangeAxis().setUpperMargin(0.1);
        return chart;
    }

    /** Bar labels such as {@code 3,409 (34.1%)}: the count and its share of {@code total}. */
    private static final class CountAndShareLabels extends StandardCategoryItemLabelGenerator {
        private static final long serialVersionUID = 1L;
        private final long total;

        CountAndShareLabels(long total) {
            this.total = total;
        }

        @Override
        public String generateLabel(CategoryDataset data, int row, int column) {
            Number v = data.getValue(row, column);
            if (v == null) {
                return null;
            }
            return String.format(Locale.ROOT, "%,d (%.1f%%)", v.longValue(), total == 0 ? 0 : 100.0 * v.longValue() / total);
        }
    }

    private static NumberFormat oneDecimal() {
        NumberFormat f = NumberFormat.getNumberInstance(Locale.ROOT);
        f.setMaximumFractionDigits(1);
        f.setMinimumFractionDigits(1);
        return f;
    }
}
