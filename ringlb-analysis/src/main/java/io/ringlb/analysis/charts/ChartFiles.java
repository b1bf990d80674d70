package io.ringlb.analysis.charts;

import java.awt.Rectangle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.ViewBox;

/**
 * Writes a JFreeChart as {@code <id>.png} and {@code <id>.svg}, headless: no display is needed or
 * used ({@code java.awt.headless} is set before AWT loads). The SVG has a viewBox, so it scales
 * when inlined in a page.
 */
public final class ChartFiles {

    public static final int WIDTH = 960;
    public static final int HEIGHT = 540;
    /** What precedes the {@code <svg>} element in an .svg file (and is left out when the element is inlined in HTML). */
    public static final String SVG_PROLOGUE = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ChartFiles() {
    }

    /** Renders {@code chart} at {@link #WIDTH} x {@link #HEIGHT} into {@code dir}. */
    public static ChartImage write(JFreeChart chart, Path dir, String id) {
        return write(chart, dir, id, WIDTH, HEIGHT);
    }

    public static ChartImage write(JFreeChart chart, Path dir, String id, int width, int height) {
        try {
            Files.createDirectories(dir);
            Path png = dir.resolve(id + ".png");
            Path svg = dir.resolve(id + ".svg");
            ChartUtils.saveChartAsPNG(png.toFile(), chart, width, height);
            SVGGraphics2D g = new SVGGraphics2D(width, height);
            chart.draw(g, new Rectangle(0, 0, width, height));
            Files.writeString(svg, SVG_PROLOGUE + g.getSVGElement("chart-" + id, true, new ViewBox(0, 0, width, height), null, null) + "\n",
                    StandardCharsets.UTF_8);
            String title = chart.getTitle() == null ? id : chart.getTitle().getText();
            return new ChartImage(id, title, png, svg, width, height);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write chart " + id + " to " + dir + ": " + e.getMessage(), e);
        }
    }
}
