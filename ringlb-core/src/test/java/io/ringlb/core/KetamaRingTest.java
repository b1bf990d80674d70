package io.ringlb.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KetamaRingTest {

    static List<RingMember> members(String... names) {
        List<RingMember> list = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            list.add(RingMember.of(names[i], i + 1));
        }
        return list;
    }

    static long[] randomKeys(int n, long seed) {
        Random rnd = new Random(seed);
        long[] keys = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = rnd.nextLong();
        }
        return keys;
    }

    static double peakToMean(Ring ring, long[] keys) {
        int[] counts = new int[ring.size()];
        for (long k : keys) {
            counts[ring.lookup(k)]++;
        }
        int max = 0;
        for (int c : counts) {
            max = Math.max(max, c);
        }
        return max / ((double) keys.length / ring.size());
    }

    @Test
    void pointsAndKeysAreGolden() {
        assertThat(KetamaRing.pointHash("server1", 0)).isEqualTo(1852580176218510081L);
        assertThat(XxHashKeys.INSTANCE.hashKey("hello")).isEqualTo(7934094731265424066L);
        assertThat(XxHashKeys.INSTANCE.hashKey(new StringBuilder("hello"))).isEqualTo(7934094731265424066L);
        assertThat(XxHashKeys.INSTANCE.hashRequestId(123456)).isEqualTo(-934340434403362875L);
        KetamaRing ring = KetamaRing.build(members("server1", "server2", "server3"), 4096);
        assertThat(ring.pointCount()).isEqualTo(3 * 4096);
        String[] keys = {"alpha", "beta", "gamma", "delta", "epsilon", "/home", "123456"};
        int[] owners = {1, 2, 1, 0, 1, 0, 0};
        for (int i = 0; i < keys.length; i++) {
            assertThat(ring.lookup(XxHashKeys.INSTANCE.hashKey(keys[i]))).as(keys[i]).isEqualTo(owners[i]);
        }
    }

    @Test
    void ringDependsOnlyOnNamesNotOnOrder() {
        List<RingMember> a = members("alpha", "bravo", "charlie", "delta");
        List<RingMember> b = new ArrayList<>(a);
        Collections.reverse(b);
        KetamaRing ra = KetamaRing.build(a, 512);
        KetamaRing rb = KetamaRing.build(b, 512);
        for (long k : randomKeys(20_000, 1)) {
            assertThat(b.get(rb.lookup(k)).name()).isEqualTo(a.get(ra.lookup(k)).name());
        }
    }

    @Test
    void defaultVnodesBalanceThreeReplicasWithinFivePercent() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            List<RingMember> m = members("r-" + Long.toString(rnd.nextLong() >>> 1, 36),
                    "r-" + Long.toString(rnd.nextLong() >>> 1, 36), "r-" + Long.toString(rnd.nextLong() >>> 1, 36));
            KetamaRing ring = KetamaRing.build(m, HashingConfig.DEFAULT_VNODES);
            assertThat(peakToMean(ring, randomKeys(100_000, trial))).as("names %s", m).isLessThanOrEqualTo(1.05);
        }
    }

    @Test
    void fewVnodesBalanceBadly() {
        KetamaRing ring = KetamaRing.build(members("a", "b", "c"), 1);
        assertThat(peakToMean(ring, randomKeys(100_000, 3))).isGreaterThan(1.1);
    }

    @Test
    void addingAFourthReplicaMovesAQuarterOfKeysAllToIt() {
        HashingConfig config = HashingConfig.defaults(Algorithm.RING);
        List<RingMember> three = members("server1", "server2", "server3");
        List<RingMember> four = members("server1", "server2", "server3", "server4");
        KeyMovement mv = KeyMovement.between(config, three, four, randomKeys(100_000, 11));
        assertThat(mv.movedFraction()).isBetween(0.22, 0.28);
        assertThat(mv.movedToJoined()).isEqualTo(mv.moved());
    }

    @Test
    void removingAReplicaMovesOnlyItsKeys() {
        HashingConfig config = HashingConfig.defaults(Algorithm.RING);
        List<RingMember> four = members("server1", "server2", "server3", "server4");
        List<RingMember> three = new ArrayList<>(four);
        three.remove(1);
        KeyMovement mv = KeyMovement.between(config, four, three, randomKeys(100_000, 12));
        assertThat(mv.movedFromLeft()).isEqualTo(mv.moved());
        assertThat(mv.movedFraction()).isBetween(0.22, 0.28);
    }

    @Test
    void walkReachesEveryMemberOnceInRingOrder() {
        KetamaRing ring = KetamaRing.build(members("a", "b", "c", "d", "e"), 64);
        for (long key : randomKeys(200, 5)) {
            Set<Integer> seen = new HashSet<>();
            int first = ring.lookup(key, m -> true);
            assertThat(first).isEqualTo(ring.lookup(key));
            // Reject members one by one: each walk finds a new one until none is left.
            while (true) {
                int next = ring.lookup(key, m -> !seen.contains(m));
                if (next < 0) {
                    break;
                }
                assertThat(seen.add(next)).isTrue();
            }
            assertThat(seen).hasSize(5);
        }
    }

    @Test
    void keysAtTheTopOfTheCircleWrapToTheFirstPoint() {
        KetamaRing ring = KetamaRing.build(members("a", "b"), 16);
        assertThat(ring.lookup(Long.MAX_VALUE)).isEqualTo(ring.lookup(Long.MIN_VALUE));
    }

    @Test
    void weightMultipliesPoints() {
        List<RingMember> m = List.of(new RingMember("heavy", 1, 3), new RingMember("light", 2, 1));
        KetamaRing ring = KetamaRing.build(m, 1024);
        assertThat(ring.pointCount()).isEqualTo(4096);
        int[] counts = new int[2];
        for (long k : randomKeys(100_000, 9)) {
            counts[ring.lookup(k)]++;
        }
        assertThat(counts[0] / (double) counts[1]).isBetween(2.6, 3.4);
    }

    @Test
    void emptyAndInvalid() {
        assertThat(KetamaRing.build(List.of(), 10).lookup(5)).isEqualTo(-1);
        assertThatThrownBy(() -> KetamaRing.build(members("a"), 0)).hasMessageContaining("vnodes");
    }
}
