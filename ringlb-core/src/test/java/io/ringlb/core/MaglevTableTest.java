package io.ringlb.core;

import static io.ringlb.core.KetamaRingTest.members;
import static io.ringlb.core.KetamaRingTest.peakToMean;
import static io.ringlb.core.KetamaRingTest.randomKeys;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class MaglevTableTest {

    @Test
    void tableIsGoldenAndEvenlyShared() {
        MaglevTable t = MaglevTable.build(members("server1", "server2", "server3"), MaglevTable.DEFAULT_SIZE);
        int[] expected = {1, 1, 2, 1, 1};
        for (int s = 0; s < expected.length; s++) {
            assertThat(t.slotOwner(s)).isEqualTo(expected[s]);
        }
        assertThat(t.slotOwner(1000)).isEqualTo(2);
        assertThat(t.slotOwner(65536)).isZero();
        int[] counts = new int[3];
        for (int s = 0; s < t.tableSize(); s++) {
            counts[t.slotOwner(s)]++;
        }
        // Round-robin filling makes shares differ by at most one slot.
        assertThat(counts).containsExactly(21846, 21846, 21845);
    }

    @Test
    void tableDoesNotDependOnMemberOrder() {
        List<RingMember> a = members("w", "x", "y", "z");
        List<RingMember> b = new ArrayList<>(a);
        Collections.reverse(b);
        MaglevTable ta = MaglevTable.build(a, 65537);
        MaglevTable tb = MaglevTable.build(b, 65537);
        for (int s = 0; s < 65537; s++) {
            assertThat(b.get(tb.slotOwner(s)).name()).isEqualTo(a.get(ta.slotOwner(s)).name());
        }
    }

    @Test
    void balancesKeys() {
        MaglevTable t = MaglevTable.build(members("a", "b", "c"), 65537);
        assertThat(peakToMean(t, randomKeys(100_000, 4))).isLessThan(1.02);
    }

    @Test
    void addingAFourthReplicaMovesAboutAQuarterMostlyToIt() {
        HashingConfig config = HashingConfig.defaults(Algorithm.MAGLEV);
        KeyMovement mv = KeyMovement.between(config, members("s1", "s2", "s3"),
                members("s1", "s2", "s3", "s4"), randomKeys(100_000, 21));
        assertThat(mv.movedFraction()).isBetween(0.23, 0.30);
        // Maglev trades a little extra movement for even shares: nearly all moves go to the joiner.
        assertThat((double) mv.movedToJoined() / mv.moved()).isGreaterThan(0.9);
    }

    @Test
    void weightsSkewShares() {
        MaglevTable t = MaglevTable.build(List.of(new RingMember("heavy", 1, 2), new RingMember("light", 2, 1)), 65537);
        int heavy = 0;
        for (int s = 0; s < t.tableSize(); s++) {
            heavy += t.slotOwner(s) == 0 ? 1 : 0;
        }
        assertThat(heavy).isBetween(43690, 43692);
    }

    @Test
    void walkFindsOtherMembers() {
        MaglevTable t = MaglevTable.build(members("a", "b", "c"), 65537);
        long key = 42;
        int owner = t.lookup(key);
        int next = t.lookup(key, m -> m != owner);
        assertThat(next).isNotEqualTo(owner).isBetween(0, 2);
        assertThat(t.lookup(key, m -> false)).isEqualTo(-1);
    }

    @Test
    void rejectsNonPrimeSizes() {
        assertThatThrownBy(() -> MaglevTable.build(members("a"), 65536)).hasMessageContaining("prime");
        assertThat(MaglevTable.build(List.of(), 7).lookup(1)).isEqualTo(-1);
    }
}
