package io.ringlb.analysis.charts;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.StandardChartTheme;
import org.jfree.chart.plot.DefaultDrawingSupplier;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.AbstractRenderer;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;

/**
 * The look shared by every chart: white background, light grid, the Okabe-Ito palette (readable
 * with any color vision), sans-serif text, and a subtitle line for the chart's numbers.
 */
final class ChartStyle {

    /** Okabe & Ito's eight colors, black last. */
    static final Color[] PALETTE = {
        new Color(0x0072B2), new Color(0xE69F00), new Color(0x009E73), new Color(0xCC79A7),
        new Color(0x56B4E9), new Color(0xD55E00), new Color(0xF0E442), new Color(0x000000)};
    static final Color FAILURE = new Color(0xD55E00);
    static final Color IDEAL = new Color(0x555555);
    static final BasicStroke LINE = new BasicStroke(2.2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    static final BasicStroke DASHED = new BasicStroke(1.6f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 1f,
            new float[] {6f, 4f}, 0f);

    private ChartStyle() {
    }

    /** Applies the theme and a subtitle to {@code chart}; returns it. */
    static JFreeChart apply(JFreeChart chart, String subtitle) {
        StandardChartTheme theme = new StandardChartTheme("ringlb");
        theme.setExtraLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 20));
        theme.setLargeFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        theme.setRegularFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        theme.setSmallFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        theme.setChartBackgroundPaint(Color.WHITE);
        theme.setPlotBackgroundPaint(Color.WHITE);
        theme.setDomainGridlinePaint(new Color(0xDDDDDD));
        theme.setRangeGridlinePaint(new Color(0xDDDDDD));
        theme.setAxisOffset(RectangleInsets.ZERO_INSETS);
        theme.setShadowVisible(false);
        theme.setBarPainter(new org.jfree.chart.renderer.category.StandardBarPainter());
        theme.setXYBarPainter(new org.jfree.chart.renderer.xy.StandardXYBarPainter());
        theme.setDrawingSupplier(new DefaultDrawingSupplier(PALETTE.clone(), PALETTE.clone(), new Paint[] {IDEAL},
                DefaultDrawingSupplier.DEFAULT_STROKE_SEQUENCE, DefaultDrawingSupplier.DEFAULT_OUTLINE_STROKE_SEQUENCE,
                DefaultDrawingSupplier.DEFAULT_SHAPE_SEQUENCE));
        theme.apply(chart);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        if (subtitle != null && !subtitle.isEmpty()) {
            TextTitle sub = new TextTitle(subtitle, new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            sub.setPaint(new Color(0x444444));
            chart.addSubtitle(sub);
        }
        return chart;
    }

    /**
     * Gives series 0..count-1 of {@code r} the palette's colors and a thick line, and keeps the
     * theme from replacing them (a theme clears auto-populated series styles).
     */
    static <R extends AbstractRenderer> R lines(R r, int count) {
        r.setAutoPopulateSeriesPaint(false);
        r.setAutoPopulateSeriesStroke(false);
        for (int i = 0; i < count; i++) {
            r.setSeriesPaint(i, PALETTE[i % PALETTE.length]);
            r.setSeriesStroke(i, LINE);
        }
        return r;
    }

    /** A labelled vertical reference line (a time or a setting), its label to the left of its top. */
    static ValueMarker domainMarker(double value, String label, Color color) {
        ValueMarker m = marker(value, label, color);
        m.setLabelAnchor(RectangleAnchor.TOP_LEFT);
        m.setLabelTextAnchor(TextAnchor.TOP_RIGHT);
        return m;
    }

    /** A labelled horizontal reference line (a mean or an ideal), its label above its right end. */
    static ValueMarker rangeMarker(double value, String label, Color color) {
        ValueMarker m = marker(value, label, color);
        m.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        m.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
        return m;
    }

    private static ValueMarker marker(double value, String label, Color color) {
        ValueMarker m = new ValueMarker(value, color, DASHED);
        m.setLabel(label);
        m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        m.setLabelPaint(color);
        m.setLabelBackgroundColor(new Color(255, 255, 255, 220));
        m.setLabelOffset(new RectangleInsets(4, 6, 4, 6));
        return m;
    }
}
