package io.ringlb.core;

import java.util.function.IntPredicate;

/**
 * The walk every {@link Ring} does past a key's owner: along an array of positions (ring points,
 * table slots), each holding a member number or -1 for an empty one, clockwise from the key's
 * position and wrapping at the end. Only one ring, one walk: ketama's points, Maglev's slots and
 * the spec's slots differ in how a key finds its first position, not in how the walk goes on.
 */
final class RingWalk {

    private RingWalk() {
    }

    /**
     * The first member at or after position {@code start} that {@code acceptable} accepts, or -1
     * if it accepts none. A member is asked again only after another member came between (runs
     * of one member's positions are asked once), so the predicate may be asked about the same
     * member more than once, as {@link Ring#lookup(long, IntPredicate)} allows. Never allocates.
     */
    static int firstAcceptable(int[] positions, int start, IntPredicate acceptable) {
        int n = positions.length;
        int p = start;
        int rejected = -1;
        for (int step = 0; step < n; step++) {
            int member = positions[p];
            if (member >= 0 && member != rejected) {
                if (acceptable.test(member)) {
                    return member;
                }
                rejected = member;
            }
            p = p + 1 == n ? 0 : p + 1;
        }
        return -1;
    }
}
