package io.ringlb.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PointCacheTest {

    private static final int VNODES = 64;

    private static List<RingMember> members(String... names) {
        List<RingMember> out = new ArrayList<>();
        for (int i = 0; i < names.length; i++) {
            out.add(new RingMember(names[i], i + 1, 1 + i % 2));
        }
        return out;
    }

    /** The same owner for many keys, and the same number of points: the same ring. */
    private static void assertSameRing(KetamaRing a, KetamaRing b) {
        assertThat(a.pointCount()).isEqualTo(b.pointCount());
        for (int i = 0; i < a.pointCount(); i++) {
            assertThat(a.point(i)).isEqualTo(b.point(i));
            assertThat(a.pointOwner(i)).isEqualTo(b.pointOwner(i));
        }
        Random random = new Random(5);
        for (int i = 0; i < 10_000; i++) {
            long key = random.nextLong();
            assertThat(a.lookup(key)).isEqualTo(b.lookup(key));
        }
    }

    @Test
    void ringsBuiltThroughTheCacheAreTheRingsBuiltWithout() {
        PointCache cache = new PointCache();
        List<List<RingMember>> sequence = List.of(members("a", "b", "c"), members("a", "b", "c", "d"),
                members("b", "c", "d"), members("b", "c", "d", "a"), members("x"), members());
        for (List<RingMember> ms : sequence) {
            assertSameRing(KetamaRing.build(ms, VNODES, cache), KetamaRing.build(ms, VNODES));
        }
    }

    @Test
    void holdsOnlyTheLastBuildsMembersAndThosePreparedSince() {
        PointCache cache = new PointCache();
        KetamaRing.build(members("a", "b", "c"), VNODES, cache);
        assertThat(cache.held()).isEqualTo(3);
        KetamaRing.build(members("a", "b"), VNODES, cache);
        assertThat(cache.held()).as("c left").isEqualTo(2);

        cache.prepare(members("a", "b", "new"), VNODES);
        assertThat(cache.held()).isEqualTo(3);
        KetamaRing.build(members("a", "b"), VNODES, cache); // a publication before "new" is up
        assertThat(cache.held()).as("prepared, kept through the next build").isEqualTo(3);
        KetamaRing.build(members("a", "b"), VNODES, cache);
        assertThat(cache.held()).as("not joined by the build after: dropped").isEqualTo(2);
    }

    @Test
    void preparedPointsOfMembersThatDidNotJoinCanBeDropped() {
        PointCache cache = new PointCache();
        KetamaRing.build(members("a", "b"), VNODES, cache);
        cache.prepare(members("x", "y"), VNODES);
        assertThat(cache.held()).isEqualTo(4);
        cache.forgetPrepared();
        assertThat(cache.held()).as("the ring's members stay").isEqualTo(2);
        assertSameRing(KetamaRing.build(members("a", "b"), VNODES, cache), KetamaRing.build(members("a", "b"), VNODES));
    }

    @Test
    void preparedPointsAreTheOnesTheBuildUses() {
        PointCache cache = new PointCache();
        List<RingMember> ms = members("p", "q");
        cache.prepare(ms, VNODES);
        long[] prepared = cache.points("q", VNODES * ms.get(1).weight());
        KetamaRing ring = KetamaRing.build(ms, VNODES, cache);
        assertThat(cache.points("q", VNODES * ms.get(1).weight())).isSameAs(prepared);
        assertSameRing(ring, KetamaRing.build(ms, VNODES));
    }
}
