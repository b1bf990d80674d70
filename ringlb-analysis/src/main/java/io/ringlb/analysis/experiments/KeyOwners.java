package io.ringlb.analysis.experiments;

import io.ringlb.analysis.AlgorithmSetup;
import io.ringlb.core.BoundedLoads;
import io.ringlb.core.KeyHasher;
import io.ringlb.core.RequestIds;
import io.ringlb.core.Ring;
import io.ringlb.core.RingMember;
import java.util.List;

/**
 * Which member the hashing core gives each request id, for a configuration and a membership:
 * the computation behind the experiments without network.
 *
 * <p>With bounded loads the answer depends on what else is in flight; here keys are placed one
 * after another and all stay, the static setting of Mirrokni et al.: key k may go to a member
 * holding fewer than {@code ceil(c * (k + 1) / n)} keys, else it walks on along the ring.
 */
public final class KeyOwners {

    private KeyOwners() {
    }

    /** The owner (index into {@code members}) of each id in {@code requestIds}. */
    public static int[] of(AlgorithmSetup setup, List<RingMember> members, long[] requestIds) {
        Ring ring = setup.hashing().build(members);
        KeyHasher hasher = setup.hashing().keyHasher();
        int[] owners = new int[requestIds.length];
        long[] held = new long[members.size()];
        for (int k = 0; k < requestIds.length; k++) {
            long key = hasher.hashRequestId(requestIds[k]);
            int owner;
            if (setup.boundedLoads()) {
                long capacity = BoundedLoads.capacity(setup.balanceFactor(), k, members.size());
                owner = ring.lookup(key, m -> BoundedLoads.hasRoom(held[m], capacity));
            } else {
                owner = ring.lookup(key);
            }
            owners[k] = owner;
            held[owner]++;
        }
        return owners;
    }

    /** How many of {@code owners} each of {@code n} members got. */
    public static long[] counts(int[] owners, int n) {
        long[] counts = new long[n];
        for (int o : owners) {
            counts[o]++;
        }
        return counts;
    }

    /** Each member's count over every 6-digit request id, 100000..999999: the exact share A-1 samples. */
    public static long[] overAllIds(AlgorithmSetup setup, List<RingMember> members) {
        long[] ids = new long[RequestIds.MAX - RequestIds.MIN + 1];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = RequestIds.MIN + i;
        }
        return counts(of(setup, members, ids), members.size());
    }
}
