package io.ringlb.core;

/** How the {@code spec} mode resolves two virtual servers wanting the same slot. */
public enum Probing {

    /** Try slot + 1, slot + 2, ... (the assignment's default). */
    LINEAR,

    /**
     * Try slot + 1², slot + 2², slot + 3², ...; where that sequence finds no free slot in M steps
     * (quadratic probing need not reach every slot), fall back to linear probing.
     */
    QUADRATIC;

    /** The k-th slot to try after {@code home} (k = 1, 2, ...), in a table of {@code m} slots. */
    int probe(int home, long k, int m) {
        long step = this == LINEAR ? k : k * k;
        return (int) ((home + step) % m);
    }
}
