package io.ringlb.analysis.experiments;

import io.ringlb.analysis.AlgorithmSetup;
import io.ringlb.core.KeyHasher;
import io.ringlb.core.KeyMovement;
import io.ringlb.core.RingMember;
import java.util.ArrayList;
import java.util.List;

/**
 * Beyond the assignment: the fraction of keys that change owner when one replica joins or leaves,
 * per configuration, against the ideal 1/(N+1) (only the joining or leaving replica's fair share
 * moves). Runs on the hashing core alone.
 */
public final class Disruption {

    /** Memberships compared: N = 2..{@value #MAX_N} grows to N+1, and N+1 shrinks back to N. */
    public static final int MAX_N = 8;

    /**
     * One change of membership.
     *
     * @param from  members before
     * @param to    members after
     * @param moved fraction of keys whose owner changed
     * @param ideal 1 / max(from, to)
     */
    public record Move(int from, int to, double moved, double ideal) {
    }

    /** One configuration's moves: {@code adds} (server{N+1} joins) and {@code removes} (server1 leaves N+1). */
    public record Curve(String algorithm, List<Move> adds, List<Move> removes) {
    }

    private Disruption() {
    }

    /** Measures every configuration over the first {@code keys} ids of {@link KeySample}. */
    public static List<Curve> measure(List<AlgorithmSetup> setups, int keys) {
        long[] ids = KeySample.requestIds(keys);
        List<Curve> curves = new ArrayList<>();
        for (AlgorithmSetup setup : setups) {
            List<Move> adds = new ArrayList<>();
            List<Move> removes = new ArrayList<>();
            for (int n = 2; n <= MAX_N; n++) {
                List<RingMember> small = KeySample.servers(n);
                List<RingMember> large = KeySample.servers(n + 1);
                List<RingMember> withoutFirst = large.subList(1, large.size());
                adds.add(new Move(n, n + 1, movedFraction(setup, small, large, ids), 1.0 / (n + 1)));
                removes.add(new Move(n + 1, n, movedFraction(setup, large, withoutFirst, ids), 1.0 / (n + 1)));
            }
            curves.add(new Curve(setup.name(), adds, removes));
        }
        return curves;
    }

    /**
     * The fraction of {@code ids} whose owner (by name) differs between the two memberships:
     * {@link KeyMovement} for plain consistent hashing, owner by owner for bounded loads.
     */
    public static double movedFraction(AlgorithmSetup setup, List<RingMember> before, List<RingMember> after, long[] ids) {
        if (!setup.boundedLoads()) {
            KeyHasher hasher = setup.hashing().keyHasher();
            long[] keys = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                keys[i] = hasher.hashRequestId(ids[i]);
            }
            return KeyMovement.between(setup.hashing(), before, after, keys).movedFraction();
        }
        int[] a = KeyOwners.of(setup, before, ids);
        int[] b = KeyOwners.of(setup, after, ids);
        int moved = 0;
        for (int k = 0; k < ids.length; k++) {
            if (!before.get(a[k]).name().equals(after.get(b[k]).name())) {
                moved++;
            }
        }
        return ids.length == 0 ? 0 : (double) moved / ids.length;
    }
}
