package io.ringlb.core;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The {@code spec} mode: the assignment's ring of M slots (default 512) with K virtual servers
 * per replica (default 9), reproduced exactly.
 *
 * <p>Virtual server j of the replica with id i (its {@link RingMember#ordinal()}) wants slot
 * Φ(i, j); when that slot is taken, {@link Probing} finds the next free one. Members are placed in
 * list order (the order they were added), j = 0..K-1 each. A request id r goes to the first
 * occupied slot at or clockwise after H(r), wrapping at M.
 */
public final class SpecRing implements Ring {

    public static final int DEFAULT_SLOTS = 512;
    public static final int DEFAULT_VIRTUAL_SERVERS = 9;

    private final int size;
    private final SpecFunctions functions;
    /** slots[s] = member whose virtual server sits in slot s, or -1. */
    private final int[] slots;
    /** owners[s] = member owning requests that hash to slot s (first occupied slot clockwise). */
    private final int[] owners;

    private SpecRing(int size, SpecFunctions functions, int[] slots, int[] owners) {
        this.size = size;
        this.functions = functions;
        this.slots = slots;
        this.owners = owners;
    }

    /** The largest member count that fits {@code m} slots with {@code k} virtual servers each. */
    public static int capacity(int m, int k) {
        return m / k;
    }

    /**
     * Builds the slot table.
     *
     * @throws IllegalArgumentException if the members' virtual servers do not fit in {@code m}
     *                                  slots or two members share an ordinal
     */
    public static SpecRing build(List<RingMember> members, int m, int k, SpecFunctions functions,
                                 Probing probing) {
        if (m < 1 || k < 1) {
            throw new IllegalArgumentException("slots and virtual servers must be >= 1");
        }
        if ((long) members.size() * k > m) {
            throw new IllegalArgumentException("spec mode fits at most " + capacity(m, k)
                    + " replicas (" + m + " slots / " + k + " virtual servers), got " + members.size());
        }
        int[] slots = new int[m];
        Arrays.fill(slots, -1);
        boolean[] seenOrdinal = new boolean[members.stream().mapToInt(RingMember::ordinal).max().orElse(0) + 1];
        for (int member = 0; member < members.size(); member++) {
            int i = members.get(member).ordinal();
            if (seenOrdinal[i]) {
                throw new IllegalArgumentException("two members share replica id " + i);
            }
            seenOrdinal[i] = true;
            for (int j = 0; j < k; j++) {
                slots[freeSlot(slots, functions.virtualServerSlot(i, j, m), probing)] = member;
            }
        }
        return new SpecRing(members.size(), functions, slots, resolveOwners(slots));
    }

    private static int freeSlot(int[] slots, int home, Probing probing) {
        int m = slots.length;
        if (slots[home] < 0) {
            return home;
        }
        for (long k = 1; k < m; k++) {
            int s = probing.probe(home, k, m);
            if (slots[s] < 0) {
                return s;
            }
        }
        for (long k = 1; k < m; k++) {
            int s = Probing.LINEAR.probe(home, k, m);
            if (slots[s] < 0) {
                return s;
            }
        }
        throw new IllegalStateException("no free slot"); // unreachable: build() checks capacity
    }

    private static int[] resolveOwners(int[] slots) {
        int m = slots.length;
        int[] owners = new int[m];
        Arrays.fill(owners, -1);
        int first = -1;
        for (int s = 0; s < m; s++) {
            if (slots[s] >= 0) {
                first = s;
                break;
            }
        }
        if (first < 0) {
            return owners;
        }
        int owner = slots[first];
        for (int step = 0; step < m; step++) {
            int s = Math.floorMod(first - step, m);
            if (slots[s] >= 0) {
                owner = slots[s];
            }
            owners[s] = owner;
        }
        return owners;
    }

    @Override
    public int size() {
        return size;
    }

    /** The member in slot {@code s}, or -1 when it is empty; for tests and analysis. */
    public int slotMember(int s) {
        return slots[s];
    }

    /** Number of slots M. */
    public int slotCount() {
        return slots.length;
    }

    /** The member owning requests whose H lands in slot {@code s}, or -1 when empty. */
    public int slotOwner(int s) {
        return owners[s];
    }

    /** The H and Φ this ring was built with. */
    public SpecFunctions functions() {
        return functions;
    }

    @Override
    public int lookup(long requestId) {
        return owners[functions.requestSlot(requestId, slots.length)];
    }

    @Override
    public int lookup(long requestId, IntPredicate acceptable) {
        if (size == 0) {
            return -1;
        }
        return RingWalk.firstAcceptable(slots, functions.requestSlot(requestId, slots.length), acceptable);
    }
}
