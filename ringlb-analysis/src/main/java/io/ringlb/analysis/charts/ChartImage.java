package io.ringlb.analysis.charts;

import java.nio.file.Path;

/**
 * One rendered chart: the same picture as PNG and SVG files.
 *
 * @param id     file name stem, unique in a report, e.g. {@code a1-requests-per-replica}
 * @param title  the chart's title
 * @param png    the PNG file
 * @param svg    the SVG file
 * @param width  width in pixels (PNG) and user units (SVG)
 * @param height height likewise
 */
public record ChartImage(String id, String title, Path png, Path svg, int width, int height) {
}
