package io.ringlb.core;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How many keys change owner between two memberships of the same configuration: the measure of
 * consistent hashing's "minimal disruption".
 *
 * @param keys          keys compared
 * @param moved         keys whose owner (by name) changed
 * @param movedToJoined moved keys whose new owner was not a member before
 * @param movedFromLeft moved keys whose old owner is not a member after
 */
public record KeyMovement(int keys, int moved, int movedToJoined, int movedFromLeft) {

    /** Compares the owners of {@code keys} (ring keys) before and after a membership change. */
    public static KeyMovement between(HashingConfig config, List<RingMember> before,
                                      List<RingMember> after, long[] keys) {
        Ring a = config.build(before);
        Ring b = config.build(after);
        Set<String> beforeNames = names(before);
        Set<String> afterNames = names(after);
        int moved = 0;
        int toJoined = 0;
        int fromLeft = 0;
        for (long key : keys) {
            String oldOwner = before.get(a.lookup(key)).name();
            String newOwner = after.get(b.lookup(key)).name();
            if (!oldOwner.equals(newOwner)) {
                moved++;
                if (!beforeNames.contains(newOwner)) {
                    toJoined++;
                }
                if (!afterNames.contains(oldOwner)) {
                    fromLeft++;
                }
            }
        }
        return new KeyMovement(keys.length, moved, toJoined, fromLeft);
    }

    /** The fraction of keys that moved. */
    public double movedFraction() {
        return keys == 0 ? 0 : (double) moved / keys;
    }

    private static Set<String> names(List<RingMember> members) {
        Set<String> s = new HashSet<>();
        for (RingMember m : members) {
            s.add(m.name());
        }
        return s;
    }
}
