package io.ringlb.core;

import net.openhft.hashing.LongHashFunction;

/**
 * The pair of hash functions of the {@code spec} mode: H places a request id r on a slot, Φ places
 * virtual server j of replica i. Both return a slot in {@code [0, m)}.
 */
public enum SpecFunctions {

    /** The assignment's functions: H(r) = r² + 2r + 17 and Φ(i, j) = i² + j² + 2j + 25, mod M. */
    QUADRATIC {
        @Override
        public int requestSlot(long r, int m) {
            long x = Math.floorMod(r, m);
            return (int) Math.floorMod(x * x + 2 * x + 17, (long) m);
        }

        @Override
        public int virtualServerSlot(int i, int j, int m) {
            long x = Math.floorMod(i, m);
            long y = Math.floorMod(j, m);
            return (int) Math.floorMod(x * x + y * y + 2 * y + 25, (long) m);
        }
    },

    /**
     * An alternative on the same slot layout: H(r) = XXH3(r) mod M and
     * Φ(i, j) = XXH3(i · 2³² + j) mod M, both 64-bit XXH3 with seed 0.
     */
    XXHASH {
        @Override
        public int requestSlot(long r, int m) {
            return (int) Long.remainderUnsigned(XX3.hashLong(r), m);
        }

        @Override
        public int virtualServerSlot(int i, int j, int m) {
            return (int) Long.remainderUnsigned(XX3.hashLong(((long) i << 32) | (j & 0xFFFFFFFFL)), m);
        }
    };

    private static final LongHashFunction XX3 = LongHashFunction.xx3();

    /** H: the slot of request id {@code r}. */
    public abstract int requestSlot(long r, int m);

    /** Φ: the preferred slot of virtual server {@code j} of the replica with id {@code i}. */
    public abstract int virtualServerSlot(int i, int j, int m);
}
