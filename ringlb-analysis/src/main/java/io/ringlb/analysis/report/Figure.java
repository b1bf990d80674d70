package io.ringlb.analysis.report;

import io.ringlb.analysis.charts.ChartImage;

/** A chart as the report shows it: the picture, a one-line reading of it, and its numbers. */
public record Figure(ChartImage chart, String reading, Table numbers) {
}
