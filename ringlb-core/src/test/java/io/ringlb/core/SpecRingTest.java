package io.ringlb.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class SpecRingTest {

    private static final List<RingMember> THREE = List.of(
            RingMember.of("server1", 1), RingMember.of("server2", 2), RingMember.of("server3", 3));

    private static SpecRing assignment(List<RingMember> members) {
        return SpecRing.build(members, 512, 9, SpecFunctions.QUADRATIC, Probing.LINEAR);
    }

    private static int[] slotsOf(SpecRing ring, int member) {
        return IntStream.range(0, ring.slotCount()).filter(s -> ring.slotMember(s) == member).toArray();
    }

    @Test
    void placesVirtualServersWherePhiAndLinearProbingPutThem() {
        SpecRing ring = assignment(THREE);
        // Φ(1, j) = 26 + j² + 2j: no conflicts.
        assertThat(slotsOf(ring, 0)).containsExactly(26, 29, 34, 41, 50, 61, 74, 89, 106);
        // Φ(2, 0) = 29 is replica 1's slot: probed to 30.
        assertThat(slotsOf(ring, 1)).containsExactly(30, 32, 37, 44, 53, 64, 77, 92, 109);
        // Φ(3, 0) = 34 and Φ(3, 1) = 37 are taken: probed to 35 and 38.
        assertThat(slotsOf(ring, 2)).containsExactly(35, 38, 42, 49, 58, 69, 82, 97, 114);
    }

    @Test
    void requestFunctionIsTheAssignments() {
        SpecFunctions h = SpecFunctions.QUADRATIC;
        assertThat(h.requestSlot(0, 512)).isEqualTo(17);
        assertThat(h.requestSlot(1, 512)).isEqualTo(20);
        assertThat(h.requestSlot(100_000, 512)).isEqualTo((int) ((100_000L * 100_000 + 200_000 + 17) % 512));
        assertThat(h.requestSlot(Long.MAX_VALUE, 512)).isBetween(0, 511);
        assertThat(h.requestSlot(-5, 512)).isBetween(0, 511);
        assertThat(h.virtualServerSlot(4, 8, 512)).isEqualTo((16 + 64 + 16 + 25) % 512);
    }

    /** Enumerates every 6-digit request id against an independent reading of CONTRACT.md. */
    @Test
    void sharesOverAllSixDigitIdsAreExactlyWhatEnumerationGives() {
        SpecRing ring = assignment(THREE);
        long[] byRing = new long[3];
        long[] byContract = new long[3];
        int[] occupied = new int[512];
        java.util.Arrays.fill(occupied, -1);
        for (int m = 0; m < 3; m++) {
            int i = m + 1;
            for (int j = 0; j < 9; j++) {
                int s = (i * i + j * j + 2 * j + 25) % 512;
                while (occupied[s] >= 0) {
                    s = (s + 1) % 512;
                }
                occupied[s] = m;
            }
        }
        for (long r = RequestIds.MIN; r <= RequestIds.MAX; r++) {
            byRing[ring.lookup(r)]++;
            int s = (int) ((r * r + 2 * r + 17) % 512);
            while (occupied[s] < 0) {
                s = (s + 1) % 512;
            }
            byContract[occupied[s]]++;
        }
        assertThat(byRing).containsExactly(byContract);
        // Golden: the assignment's functions are heavily skewed at N = 3, and that is correct.
        assertThat(byRing).containsExactly(759_374, 42_187, 98_439);
    }

    @Test
    void walkVisitsDistinctReplicasClockwise() {
        SpecRing ring = assignment(THREE);
        long r = 0; // H(0) = 17 → first slot clockwise is 26 (replica 1), then 29 (1), 30 (2)
        assertThat(ring.lookup(r)).isZero();
        assertThat(ring.lookup(r, m -> m != 0)).isEqualTo(1);
        assertThat(ring.lookup(r, m -> m == 2)).isEqualTo(2);
        assertThat(ring.lookup(r, m -> false)).isEqualTo(-1);
    }

    @Test
    void requestsPastTheLastSlotWrapToTheFirst() {
        SpecRing ring = assignment(THREE);
        // r = 15: H = 225 + 30 + 17 = 272 > 114, so it wraps to slot 26 (replica 1).
        assertThat(ring.lookup(15)).isZero();
    }

    @Test
    void quadraticProbingJumpsBySquares() {
        // With replicas 1, 2, 3 placed first, Φ(4,0) = 41 collides with Φ(1,3) = 41.
        List<RingMember> four = new ArrayList<>(THREE);
        four.add(RingMember.of("server4", 4));
        SpecRing linear = SpecRing.build(four, 512, 9, SpecFunctions.QUADRATIC, Probing.LINEAR);
        SpecRing quadratic = SpecRing.build(four, 512, 9, SpecFunctions.QUADRATIC, Probing.QUADRATIC);
        assertThat(linear.slotMember(42)).isEqualTo(2);       // Φ(3,2) = 42
        assertThat(slotsOf(linear, 3)[0]).isEqualTo(43);       // 41 taken, 42 taken, 43 free
        assertThat(slotsOf(quadratic, 3)[0]).isEqualTo(45);    // 41 taken, 41 + 1 = 42 taken, 41 + 4 = 45
    }

    @Test
    void rejectsMoreReplicasThanSlotsHold() {
        List<RingMember> many = new ArrayList<>();
        for (int i = 1; i <= 57; i++) {
            many.add(RingMember.of("s" + i, i));
        }
        assertThatThrownBy(() -> assignment(many))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most 56 replicas");
        assertThat(assignment(many.subList(0, 56)).size()).isEqualTo(56);
    }

    @Test
    void rejectsSharedReplicaIds() {
        assertThatThrownBy(() -> assignment(List.of(RingMember.of("a", 1), RingMember.of("b", 1))))
                .hasMessageContaining("share replica id 1");
    }

    @Test
    void alternativeFunctionsUseTheSameLayoutAndAreGolden() {
        SpecRing ring = SpecRing.build(THREE, 512, 9, SpecFunctions.XXHASH, Probing.LINEAR);
        assertThat(slotsOf(ring, 0)).containsExactly(60, 90, 91, 122, 203, 204, 255, 363, 488);
        long[] counts = new long[3];
        for (long r = RequestIds.MIN; r <= RequestIds.MAX; r++) {
            counts[ring.lookup(r)]++;
        }
        assertThat(counts).containsExactly(235_625, 461_668, 202_707);
    }

    @Test
    void emptyRingRoutesNowhere() {
        SpecRing ring = assignment(List.of());
        assertThat(ring.lookup(123_456)).isEqualTo(-1);
        assertThat(ring.lookup(123_456, m -> true)).isEqualTo(-1);
    }
}
