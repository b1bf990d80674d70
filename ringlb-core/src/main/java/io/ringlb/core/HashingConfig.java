package io.ringlb.core;

import java.util.List;

/**
 * Every knob of the hashing core, and the factory for snapshots: a value that is the same for
 * every membership change of one balancer.
 *
 * @param vnodes             ring mode: points per unit of weight
 * @param maglevTableSize    maglev mode: the table size M (a prime)
 * @param specSlots          spec mode: M
 * @param specVirtualServers spec mode: K
 * @param specFunctions      spec mode: the pair H, Φ
 * @param probing            spec mode: how slot conflicts are resolved
 */
public record HashingConfig(Algorithm algorithm, int vnodes, int maglevTableSize, int specSlots,
                            int specVirtualServers, SpecFunctions specFunctions, Probing probing) {

    /**
     * Default ring points per unit of weight. With 3 members, 100,000 random keys land with
     * peak/mean at most 1.05 for random member names; 2048 failed 1 in 200 name sets (see {@code KetamaRingTest}).
     */
    public static final int DEFAULT_VNODES = 4096;

    public HashingConfig {
        if (vnodes < 1) {
            throw new IllegalArgumentException("vnodes must be >= 1");
        }
        if (specSlots < 1 || specVirtualServers < 1 || specVirtualServers > specSlots) {
            throw new IllegalArgumentException("spec mode needs 1 <= virtual servers <= slots");
        }
        if (algorithm == Algorithm.MAGLEV) {
            MaglevTable.build(List.of(), maglevTableSize); // validates the size (a prime)
        }
    }

    /** The defaults for {@code algorithm}. */
    public static HashingConfig defaults(Algorithm algorithm) {
        return new HashingConfig(algorithm, DEFAULT_VNODES, MaglevTable.DEFAULT_SIZE,
                SpecRing.DEFAULT_SLOTS, SpecRing.DEFAULT_VIRTUAL_SERVERS, SpecFunctions.QUADRATIC,
                Probing.LINEAR);
    }

    public HashingConfig withVnodes(int v) {
        return new HashingConfig(algorithm, v, maglevTableSize, specSlots, specVirtualServers, specFunctions, probing);
    }

    public HashingConfig withMaglevTableSize(int m) {
        return new HashingConfig(algorithm, vnodes, m, specSlots, specVirtualServers, specFunctions, probing);
    }

    public HashingConfig withSpec(SpecFunctions functions, Probing p) {
        return new HashingConfig(algorithm, vnodes, maglevTableSize, specSlots, specVirtualServers, functions, p);
    }

    /** The most members a snapshot of this configuration can hold. */
    public int maxMembers() {
        return switch (algorithm) {
            case SPEC -> SpecRing.capacity(specSlots, specVirtualServers);
            case MAGLEV -> maglevTableSize;
            case RING -> Integer.MAX_VALUE / vnodes;
        };
    }

    /** Builds the snapshot for {@code members} (member numbers are list positions). */
    public Ring build(List<RingMember> members) {
        return build(members, null);
    }

    /** As {@link #build(List)}; in ring mode each member's points come from {@code points} (null: made afresh). */
    public Ring build(List<RingMember> members, PointCache points) {
        return switch (algorithm) {
            case RING -> KetamaRing.build(members, vnodes, points);
            case MAGLEV -> MaglevTable.build(members, maglevTableSize);
            case SPEC -> SpecRing.build(members, specSlots, specVirtualServers, specFunctions, probing);
        };
    }

    /** Makes the ring points of {@code members}, about to join, in {@code points} (ring mode; else nothing). */
    public void prepare(List<RingMember> members, PointCache points) {
        if (algorithm == Algorithm.RING) {
            points.prepare(members, vnodes);
        }
    }

    /** How request keys become ring keys in this mode. */
    public KeyHasher keyHasher() {
        return algorithm == Algorithm.SPEC ? SpecKeys.INSTANCE : XxHashKeys.INSTANCE;
    }

    /** A short human description, e.g. {@code ring (vnodes=1024)}. */
    public String describe() {
        return switch (algorithm) {
            case RING -> "ring (vnodes=" + vnodes + ")";
            case MAGLEV -> "maglev (M=" + maglevTableSize + ")";
            case SPEC -> "spec (M=" + specSlots + ", K=" + specVirtualServers + ", "
                    + specFunctions.name().toLowerCase(java.util.Locale.ROOT) + " H/Φ, " + probing.name().toLowerCase(java.util.Locale.ROOT) + " probing)";
        };
    }
}
