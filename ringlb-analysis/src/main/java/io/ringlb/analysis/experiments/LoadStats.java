package io.ringlb.analysis.experiments;

/**
 * How evenly counts spread over members: mean, min, max, population standard deviation, and
 * peak/mean (max / mean; 1.0 is perfect balance).
 */
public record LoadStats(long total, double mean, long min, long max, double stddev, double peakToMean) {

    /** The stats of {@code counts}, one per member; all zeros for no members. */
    public static LoadStats of(long[] counts) {
        if (counts.length == 0) {
            return new LoadStats(0, 0, 0, 0, 0, 0);
        }
        long total = 0;
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long c : counts) {
            total += c;
            min = Math.min(min, c);
            max = Math.max(max, c);
        }
        double mean = (double) total / counts.length;
        double squares = 0;
        for (long c : counts) {
            squares += (c - mean) * (c - mean);
        }
        return new LoadStats(total, mean, min, max, Math.sqrt(squares / counts.length), mean == 0 ? 0 : max / mean);
    }
}
