package io.ringlb.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class KeySpaceTest {

    private static final long[] RANDOM_KEYS = KetamaRingTest.randomKeys(400_000, 11);
    /** Standard error of a fraction near 1/3 over 400,000 keys is about 0.00075: allow 5 of them. */
    private static final double SAMPLED = 0.004;

    private static long[] allRequestIds() {
        long[] ids = new long[RequestIds.MAX - RequestIds.MIN + 1];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = RequestIds.MIN + i;
        }
        return ids;
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void sharesSumToOneAndMatchWhatLookupsSee(Algorithm algorithm) {
        HashingConfig config = HashingConfig.defaults(algorithm);
        Ring ring = config.build(KetamaRingTest.members("server1", "server2", "server3", "a", "b"));
        double[] shares = KeySpace.shares(ring);
        assertThat(shares).hasSize(5);
        assertThat(sum(shares)).isCloseTo(1.0, within(1e-12));
        long[] keys = algorithm == Algorithm.SPEC ? allRequestIds() : RANDOM_KEYS;
        int[] counts = new int[5];
        for (long k : keys) {
            counts[ring.lookup(k)]++;
        }
        // Spec mode's key space is the ids themselves: counting all of them is the exact share.
        double tolerance = algorithm == Algorithm.SPEC ? 1e-12 : SAMPLED;
        for (int i = 0; i < 5; i++) {
            assertThat(shares[i]).as("member %d", i).isCloseTo((double) counts[i] / keys.length, within(tolerance));
        }
    }

    @Test
    void aSingleMemberOwnsEverythingAndAnEmptyRingNothing() {
        for (Algorithm a : Algorithm.values()) {
            HashingConfig config = HashingConfig.defaults(a);
            assertThat(KeySpace.shares(config.build(KetamaRingTest.members("solo")))).hasSize(1)
                    .satisfies(s -> assertThat(s[0]).isCloseTo(1.0, within(1e-12)));
            assertThat(KeySpace.shares(config.build(List.of()))).isEmpty();
        }
    }

    @Test
    void ketamaArcsAreExactOnATinyRing() {
        // One point per member: the arc ending at a member's point is exactly its share.
        KetamaRing ring = KetamaRing.build(KetamaRingTest.members("x", "y"), 1);
        long px = KetamaRing.pointHash("x", 0);
        long py = KetamaRing.pointHash("y", 0);
        long lo = Math.min(px, py);
        long hi = Math.max(px, py);
        double inner = ((double) (hi - lo >>> 1) * 2 + ((hi - lo) & 1)) / 0x1p64; // (lo, hi] belongs to hi's owner
        double[] shares = KeySpace.shares(ring);
        int hiOwner = hi == px ? 0 : 1;
        assertThat(shares[hiOwner]).isCloseTo(inner, within(1e-15));
        assertThat(shares[1 - hiOwner]).isCloseTo(1 - inner, within(1e-15));
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void sectorsShowEachMemberInProportionToItsShare(Algorithm algorithm) {
        HashingConfig config = HashingConfig.defaults(algorithm);
        Ring ring = config.build(KetamaRingTest.members("server1", "server2", "server3"));
        int[] sectors = KeySpace.sectors(ring, 3600);
        assertThat(sectors).hasSize(algorithm == Algorithm.SPEC ? 512 : 3600);
        double[] shares = KeySpace.shares(ring);
        int[] counts = new int[3];
        for (int o : sectors) {
            counts[o]++;
        }
        if (algorithm != Algorithm.SPEC) { // spec's slots are not equally likely: H favours some
            for (int i = 0; i < 3; i++) {
                assertThat((double) counts[i] / sectors.length).isCloseTo(shares[i], within(0.03));
            }
        }
        assertThat(KeySpace.sectors(config.build(List.of()), 10)).containsOnly(-1);
    }

    @Test
    void maglevSlotWeightsCoverEveryPrefixOnce() {
        double[] w = KeySpace.maglevSlotWeights(65_537);
        assertThat(sum(w)).isCloseTo(1.0, within(1e-12));
        double min = 1;
        double max = 0;
        for (double x : w) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        assertThat((max - min) * 0x1p32).isCloseTo(1.0, within(1e-6)); // 65,536 or 65,535 prefixes each
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void addingAMemberMovesExactlyItsShareAllToIt(Algorithm algorithm) {
        HashingConfig config = HashingConfig.defaults(algorithm);
        List<RingMember> before = KetamaRingTest.members("server1", "server2", "server3");
        List<RingMember> after = new ArrayList<>(before);
        after.add(RingMember.of("s4", 4));
        KeySpace.Movement m = KeySpace.movement(config, before, after);
        double joinedShare = KeySpace.shares(config.build(after))[3];
        // Everything the new member owns came from the others, whatever the mode.
        assertThat(m.flows().stream().filter(f -> "s4".equals(f.to())).mapToDouble(KeySpace.Flow::fraction).sum())
                .isCloseTo(joinedShare, within(1e-12));
        if (algorithm == Algorithm.RING) { // minimal disruption; maglev's and spec's tables also shift a little between others
            assertThat(m.moved()).isCloseTo(joinedShare, within(1e-12));
            assertThat(m.flows()).allSatisfy(f -> assertThat(f.to()).isEqualTo("s4"));
            assertThat(m.flows()).extracting(KeySpace.Flow::from).containsExactlyInAnyOrder("server1", "server2", "server3");
        }
        assertThat(m.flows().stream().mapToDouble(KeySpace.Flow::fraction).sum()).isCloseTo(m.moved(), within(1e-12));
        assertAgreesWithSampling(config, before, after, m);
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void removingAMemberMovesExactlyItsShare(Algorithm algorithm) {
        HashingConfig config = HashingConfig.defaults(algorithm);
        List<RingMember> before = KetamaRingTest.members("server1", "server2", "server3", "s4");
        List<RingMember> after = before.subList(0, 3);
        KeySpace.Movement m = KeySpace.movement(config, before, after);
        double leftShare = KeySpace.shares(config.build(before))[3];
        assertThat(m.flows().stream().filter(f -> "s4".equals(f.from())).mapToDouble(KeySpace.Flow::fraction).sum())
                .isCloseTo(leftShare, within(1e-12));
        if (algorithm == Algorithm.RING) {
            assertThat(m.moved()).isCloseTo(leftShare, within(1e-12));
            assertThat(m.flows()).allSatisfy(f -> assertThat(f.from()).isEqualTo("s4"));
        }
        assertAgreesWithSampling(config, before, after, m);
    }

    @Test
    void emptyingOrFillingTheRingMovesEverything() {
        HashingConfig config = HashingConfig.defaults(Algorithm.RING);
        List<RingMember> two = KetamaRingTest.members("a", "b");
        KeySpace.Movement out = KeySpace.movement(config, two, List.of());
        assertThat(out.moved()).isCloseTo(1.0, within(1e-12));
        assertThat(out.flows()).allSatisfy(f -> assertThat(f.to()).isNull());
        KeySpace.Movement in = KeySpace.movement(config, List.of(), two);
        assertThat(in.moved()).isCloseTo(1.0, within(1e-12));
        assertThat(in.flows()).allSatisfy(f -> assertThat(f.from()).isNull());
        assertThat(KeySpace.movement(config, two, two).moved()).isZero();
    }

    /** The exact figure against {@link KeyMovement}'s count over sampled keys (all ids in spec mode). */
    private static void assertAgreesWithSampling(HashingConfig config, List<RingMember> before, List<RingMember> after,
                                                 KeySpace.Movement exact) {
        boolean spec = config.algorithm() == Algorithm.SPEC;
        KeyMovement sampled = KeyMovement.between(config, before, after, spec ? allRequestIds() : RANDOM_KEYS);
        assertThat(exact.moved()).isCloseTo(sampled.movedFraction(), within(spec ? 1e-12 : SAMPLED));
    }

    private static double sum(double[] xs) {
        double s = 0;
        for (double x : xs) {
            s += x;
        }
        return s;
    }
}
