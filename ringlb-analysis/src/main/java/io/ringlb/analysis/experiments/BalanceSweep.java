package io.ringlb.analysis.experiments;

import io.ringlb.analysis.AlgorithmSetup;
import io.ringlb.core.Algorithm;
import io.ringlb.core.HashingConfig;
import io.ringlb.core.RingMember;
import java.util.ArrayList;
import java.util.List;

/**
 * Beyond the assignment: peak/mean of the sampled keys against the ring's vnodes count and
 * against the maglev table size, for a few cluster sizes. Runs on the hashing core alone.
 */
public final class BalanceSweep {

    /** Cluster sizes swept, one curve each. */
    public static final List<Integer> SIZES = List.of(3, 6, 10);
    /** Ring points per member: powers of two up to the default, 4096. */
    public static final List<Integer> VNODES = List.of(1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096);
    /** Maglev table sizes: primes near powers of two, up to beyond the default 65,537. */
    public static final List<Integer> MAGLEV_SIZES = List.of(13, 31, 61, 127, 251, 509, 1021, 2039, 4093, 8191,
            16381, 32749, 65537, 131071);

    /** One point: the knob's value and the peak/mean it gives. */
    public record Point(int setting, double peakToMean) {
    }

    /** The points for one cluster size. */
    public record Curve(int members, List<Point> points) {
    }

    private BalanceSweep() {
    }

    /** Ring mode, vnodes = {@link #VNODES}. */
    public static List<Curve> vnodes(int keys) {
        return sweep(keys, VNODES, v -> HashingConfig.defaults(Algorithm.RING).withVnodes(v));
    }

    /** Maglev mode, table size = {@link #MAGLEV_SIZES}. */
    public static List<Curve> maglevTableSize(int keys) {
        return sweep(keys, MAGLEV_SIZES, m -> HashingConfig.defaults(Algorithm.MAGLEV).withMaglevTableSize(m));
    }

    private static List<Curve> sweep(int keys, List<Integer> settings, java.util.function.IntFunction<HashingConfig> config) {
        long[] ids = KeySample.requestIds(keys);
        List<Curve> curves = new ArrayList<>();
        for (int n : SIZES) {
            List<RingMember> members = KeySample.servers(n);
            List<Point> points = new ArrayList<>();
            for (int setting : settings) {
                AlgorithmSetup setup = new AlgorithmSetup("sweep", config.apply(setting), 0);
                long[] counts = KeyOwners.counts(KeyOwners.of(setup, members, ids), n);
                points.add(new Point(setting, LoadStats.of(counts).peakToMean()));
            }
            curves.add(new Curve(n, points));
        }
        return curves;
    }
}
