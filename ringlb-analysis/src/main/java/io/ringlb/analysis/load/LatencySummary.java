package io.ringlb.analysis.load;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of the responses of one run, in milliseconds, read from an HdrHistogram
 * recorded in microseconds.
 */
public record LatencySummary(long count, double mean, double p50, double p90, double p99, double p999, double max) {

    public static LatencySummary of(Histogram micros) {
        if (micros.getTotalCount() == 0) {
            return new LatencySummary(0, 0, 0, 0, 0, 0, 0);
        }
        return new LatencySummary(micros.getTotalCount(), micros.getMean() / 1000.0,
                ms(micros, 50), ms(micros, 90), ms(micros, 99), ms(micros, 99.9), micros.getMaxValue() / 1000.0);
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }
}
