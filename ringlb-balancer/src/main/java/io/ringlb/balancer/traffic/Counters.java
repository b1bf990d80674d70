package io.ringlb.balancer.traffic;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Counters with one writer (an event loop) and any number of readers (a scrape, the dashboard).
 * The writer adds with an opaque store, which on x86 and ARM is a plain store: no lock, no fence,
 * no atomic instruction. A reader's opaque load sees every counter whole (never a torn long) and
 * soon up to date; a scrape summing several counters may see some a few requests ahead of others.
 */
final class Counters {

    private static final VarHandle LONGS = MethodHandles.arrayElementVarHandle(long[].class);

    private Counters() {
    }

    /** Adds {@code delta} to {@code a[i]}; only the array's owning thread may call this. */
    static void add(long[] a, int i, long delta) {
        LONGS.setOpaque(a, i, a[i] + delta);
    }

    /** {@code a[i]} as seen from any thread. */
    static long get(long[] a, int i) {
        return (long) LONGS.getOpaque(a, i);
    }
}
