package io.ringlb.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exact partition of a ring's key space among its members: the fraction of all keys each
 * member owns, and between two memberships exactly which fraction of the keys moves from whom
 * to whom. Exact means read from the ring's structure, not sampled ({@link KeyMovement} samples):
 * <ul>
 *   <li>{@code ring}: the arcs of the 64-bit circle between consecutive points, each owned by
 *       the point that ends it;</li>
 *   <li>{@code maglev}: the table's slots, each weighing the share of 32-bit key prefixes that
 *       scale into it (M does not divide 2³², so the weights differ by one part in 2³²/M);</li>
 *   <li>{@code spec}: the 900,000 request ids 100000..999999 (the assignment's key space, which
 *       other keys are folded into), placed in slots by H.</li>
 * </ul>
 * Not thread-hostile: every method is a pure function of its arguments (spec-mode slot weights
 * are computed once per (H, M) and kept).
 */
public final class KeySpace {

    private static final double TWO_64 = 0x1p64;
    private static final Map<String, double[]> SPEC_WEIGHTS = new ConcurrentHashMap<>();

    private KeySpace() {
    }

    /** Keys moving from {@code from} to {@code to} (either null for "no member": an empty ring). */
    public record Flow(String from, String to, double fraction) {
    }

    /**
     * What a membership change does to the keys.
     *
     * @param moved the fraction of all keys whose owner changes
     * @param flows where they go, largest first
     */
    public record Movement(double moved, List<Flow> flows) {

        public Movement {
            flows = List.copyOf(flows);
        }
    }

    /** The fraction of the key space each member of {@code ring} owns, by member number; sums to 1. */
    public static double[] shares(Ring ring) {
        double[] shares = new double[ring.size()];
        if (ring.size() == 0) {
            return shares;
        }
        if (ring instanceof KetamaRing k) {
            int n = k.pointCount();
            for (int i = 1; i < n; i++) {
                shares[k.pointOwner(i)] += unsigned(k.point(i) - k.point(i - 1)) / TWO_64;
            }
            shares[k.pointOwner(0)] += (TWO_64 - unsigned(k.point(n - 1) - k.point(0))) / TWO_64;
        } else {
            double[] weights = cellWeights(ring);
            for (int c = 0; c < weights.length; c++) {
                shares[cellOwner(ring, c)] += weights[c];
            }
        }
        return shares;
    }

    /**
     * The ring as a picture: the owner (member number, -1 when empty) of each of {@code n} equal
     * parts of the key space, in the ring's order, each part read at its middle. In spec mode the
     * parts are the ring's own slots, whatever {@code n}.
     */
    public static int[] sectors(Ring ring, int n) {
        if (ring instanceof SpecRing s) {
            int[] owners = new int[s.slotCount()];
            for (int i = 0; i < owners.length; i++) {
                owners[i] = s.slotOwner(i);
            }
            return owners;
        }
        int[] owners = new int[n];
        for (int i = 0; i < n; i++) {
            double middle = (i + 0.5) / n; // as a fraction of the circle, from its start
            long key;
            if (ring instanceof MaglevTable) {
                key = (long) (middle * 0x1p32) << 32; // maglev reads a key's top 32 bits, unsigned
            } else {
                key = (long) (middle * 0x1p64 - 0x1p63); // ketama's circle starts at Long.MIN_VALUE
            }
            owners[i] = ring.lookup(key);
        }
        return owners;
    }

    /**
     * Exactly which keys change owner when {@code before} becomes {@code after} (same configuration;
     * members are told apart by name, as the ring and maglev modes place them by name).
     */
    public static Movement movement(HashingConfig config, List<RingMember> before, List<RingMember> after) {
        Ring a = config.build(before);
        Ring b = config.build(after);
        double[][] flow = new double[before.size() + 1][after.size() + 1]; // last row/column: no member
        if (a.size() > 0 && b.size() > 0 && a instanceof KetamaRing ka && b instanceof KetamaRing kb) {
            mergeArcs(ka, kb, flow);
        } else if (a.size() == 0 || b.size() == 0) {
            double[] sa = shares(a);
            double[] sb = shares(b);
            if (a.size() == 0) {
                for (int j = 0; j < sb.length; j++) {
                    flow[before.size()][j] += sb[j];
                }
            } else {
                for (int i = 0; i < sa.length; i++) {
                    flow[i][after.size()] += sa[i];
                }
            }
        } else {
            double[] weights = cellWeights(a);
            for (int c = 0; c < weights.length; c++) {
                flow[cellOwner(a, c)][cellOwner(b, c)] += weights[c];
            }
        }
        return collect(flow, before, after);
    }

    /** Adds the length of every piece of the circle to the (owner before, owner after) it has. */
    private static void mergeArcs(KetamaRing a, KetamaRing b, double[][] flow) {
        int na = a.pointCount();
        int nb = b.pointCount();
        int ia = 0;
        int ib = 0;
        long first = 0;
        long prev = 0;
        boolean started = false;
        while (ia < na || ib < nb) {
            long q = ia < na && (ib >= nb || a.point(ia) <= b.point(ib)) ? a.point(ia) : b.point(ib);
            // Keys in (prev, q] go to the first point at or after q in each ring, wrapping to point 0.
            int oa = a.pointOwner(ia < na ? ia : 0);
            int ob = b.pointOwner(ib < nb ? ib : 0);
            if (started) {
                flow[oa][ob] += unsigned(q - prev) / TWO_64;
            } else {
                first = q;
                started = true;
            }
            prev = q;
            while (ia < na && a.point(ia) == q) {
                ia++;
            }
            while (ib < nb && b.point(ib) == q) {
                ib++;
            }
        }
        // The wrap-around piece: (last point, top of the circle] and [bottom, first point].
        flow[a.pointOwner(0)][b.pointOwner(0)] += (TWO_64 - unsigned(prev - first)) / TWO_64;
    }

    private static Movement collect(double[][] flow, List<RingMember> before, List<RingMember> after) {
        List<Flow> flows = new ArrayList<>();
        double moved = 0;
        for (int i = 0; i < flow.length; i++) {
            for (int j = 0; j < flow[i].length; j++) {
                String from = i < before.size() ? before.get(i).name() : null;
                String to = j < after.size() ? after.get(j).name() : null;
                if (flow[i][j] > 0 && (from == null || !from.equals(to))) {
                    flows.add(new Flow(from, to, flow[i][j]));
                    moved += flow[i][j];
                }
            }
        }
        flows.sort(Comparator.comparingDouble(Flow::fraction).reversed());
        return new Movement(moved, flows);
    }

    /** Maglev slots or spec slots: the share of the key space each holds. */
    private static double[] cellWeights(Ring ring) {
        if (ring instanceof MaglevTable m) {
            return maglevSlotWeights(m.tableSize());
        }
        if (ring instanceof SpecRing s) {
            return specSlotWeights(s.functions(), s.slotCount());
        }
        throw new IllegalArgumentException("unknown ring type " + ring.getClass().getName());
    }

    private static int cellOwner(Ring ring, int cell) {
        return ring instanceof MaglevTable m ? m.slotOwner(cell) : ((SpecRing) ring).slotOwner(cell);
    }

    /**
     * A key's maglev slot is floor(h · M / 2³²) for its top 32 bits h, so slot s holds the h in
     * [ceil(s · 2³² / M), ceil((s + 1) · 2³² / M)).
     */
    static double[] maglevSlotWeights(int m) {
        double[] w = new double[m];
        long lo = 0;
        for (int s = 0; s < m; s++) {
            long hi = ceilDiv((long) (s + 1) << 32, m);
            w[s] = (hi - lo) / 0x1p32;
            lo = hi;
        }
        return w;
    }

    /** The share of the 900,000 six-digit request ids that H sends to each of {@code m} slots. */
    static double[] specSlotWeights(SpecFunctions functions, int m) {
        return SPEC_WEIGHTS.computeIfAbsent(functions + "/" + m, k -> {
            long[] counts = new long[m];
            for (long r = RequestIds.MIN; r <= RequestIds.MAX; r++) {
                counts[functions.requestSlot(r, m)]++;
            }
            double[] w = new double[m];
            for (int s = 0; s < m; s++) {
                w[s] = (double) counts[s] / (RequestIds.MAX - RequestIds.MIN + 1);
            }
            return w;
        }).clone();
    }

    private static long ceilDiv(long x, long y) {
        return (x + y - 1) / y;
    }

    /** A 64-bit value read as unsigned, as a double. */
    private static double unsigned(long x) {
        return x >= 0 ? x : (double) (x >>> 1) * 2.0 + (x & 1);
    }
}
