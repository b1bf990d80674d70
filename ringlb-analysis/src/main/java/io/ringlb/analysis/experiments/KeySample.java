package io.ringlb.analysis.experiments;

import io.ringlb.core.RequestIds;
import io.ringlb.core.RingMember;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** The inputs of the experiments without network: request ids drawn from a fixed seed, and members named like a fresh balancer's. */
public final class KeySample {

    /** The seed of every sample, so that reports are reproducible. */
    public static final long SEED = 20_160_316L;

    private KeySample() {
    }

    /** {@code count} request ids, uniform in the assignment's 6-digit range, the same on every run. */
    public static long[] requestIds(int count) {
        SplittableRandom random = new SplittableRandom(SEED);
        long[] ids = new long[count];
        for (int i = 0; i < count; i++) {
            ids[i] = random.nextInt(RequestIds.MIN, RequestIds.MAX + 1);
        }
        return ids;
    }

    /** {@code server1 .. serverN} with replica ids 1..N: what {@code ringlb start --replicas N} builds. */
    public static List<RingMember> servers(int n) {
        List<RingMember> members = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            members.add(RingMember.of("server" + i, i));
        }
        return members;
    }
}
