package io.ringlb.core;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The {@code maglev} mode: the lookup table of Google's Maglev (Eisenbud et al., NSDI 2016).
 *
 * <p>Each member has a preference order over the {@code M} table slots, the permutation
 * {@code (offset + j * skip) mod M} with {@code offset = h1(name) mod M} and
 * {@code skip = h2(name) mod (M - 1) + 1}. Members take turns claiming their next preferred free
 * slot until the table is full; a member of weight {@code w} takes {@code w} turns per round.
 * {@code M} must be prime so that every permutation visits every slot. The table depends only on
 * the members' names and weights, never on their order in the list.
 *
 * <p>A key's slot is {@code key} scaled into {@code [0, M)}; the walk to further members goes
 * through the following slots, which hold members in a pseudo-random order.
 */
public final class MaglevTable implements Ring {

    /** The default table size: a prime well above 100 x the member count we expect. */
    public static final int DEFAULT_SIZE = 65_537;

    private static final long SEED_OFFSET = 0x9E3779B97F4A7C15L;
    private static final long SEED_SKIP = 0xC2B2AE3D27D4EB4FL;

    private final int size;
    private final int[] table;

    private MaglevTable(int size, int[] table) {
        this.size = size;
        this.table = table;
    }

    /** Builds the table for {@code members}; {@code tableSize} must be a prime. */
    public static MaglevTable build(List<RingMember> members, int tableSize) {
        if (tableSize < 2 || !isPrime(tableSize)) {
            throw new IllegalArgumentException("maglev table size must be a prime, got " + tableSize);
        }
        int n = members.size();
        int[] table = new int[tableSize];
        Arrays.fill(table, -1);
        if (n == 0) {
            return new MaglevTable(0, table);
        }
        // Turn order by name, so that the table does not depend on the list's order.
        Integer[] turnOrder = new Integer[n];
        for (int i = 0; i < n; i++) {
            turnOrder[i] = i;
        }
        Arrays.sort(turnOrder, (a, b) -> members.get(a).name().compareTo(members.get(b).name()));
        long[] offset = new long[n];
        long[] skip = new long[n];
        long[] next = new long[n];
        for (int i = 0; i < n; i++) {
            String name = members.get(i).name();
            offset[i] = Long.remainderUnsigned(XxHashKeys.hash(name, SEED_OFFSET), tableSize);
            skip[i] = Long.remainderUnsigned(XxHashKeys.hash(name, SEED_SKIP), tableSize - 1) + 1;
        }
        int filled = 0;
        while (true) {
            for (int t = 0; t < n; t++) {
                int i = turnOrder[t];
                for (int turn = members.get(i).weight(); turn > 0; turn--) {
                    int slot = (int) ((offset[i] + next[i] * skip[i]) % tableSize);
                    while (table[slot] >= 0) {
                        next[i]++;
                        slot = (int) ((offset[i] + next[i] * skip[i]) % tableSize);
                    }
                    table[slot] = i;
                    next[i]++;
                    if (++filled == tableSize) {
                        return new MaglevTable(n, table);
                    }
                }
            }
        }
    }

    @Override
    public int size() {
        return size;
    }

    /** The table's size M. */
    public int tableSize() {
        return table.length;
    }

    /** The member owning slot {@code slot}; for tests and analysis. */
    public int slotOwner(int slot) {
        return table[slot];
    }

    @Override
    public int lookup(long key) {
        return size == 0 ? -1 : table[slotOf(key)];
    }

    @Override
    public int lookup(long key, IntPredicate acceptable) {
        if (size == 0) {
            return -1;
        }
        return RingWalk.firstAcceptable(table, slotOf(key), acceptable);
    }

    /** Scales the key's high 32 bits into [0, M) with a multiply and a shift (Lemire, 2019). */
    private int slotOf(long key) {
        return (int) (((key >>> 32) * table.length) >>> 32);
    }

    private static boolean isPrime(int n) {
        if (n % 2 == 0) {
            return n == 2;
        }
        for (int d = 3; (long) d * d <= n; d += 2) {
            if (n % d == 0) {
                return false;
            }
        }
        return true;
    }
}
