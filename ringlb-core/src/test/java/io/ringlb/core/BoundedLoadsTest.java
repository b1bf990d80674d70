package io.ringlb.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class BoundedLoadsTest {

    @Test
    void capacityIsCeilingOfFactorTimesAverageIncludingTheNewRequest() {
        assertThat(BoundedLoads.capacity(1.25, 0, 3)).isEqualTo(1);   // ceil(1.25 * 1 / 3)
        assertThat(BoundedLoads.capacity(1.25, 11, 3)).isEqualTo(5);  // ceil(1.25 * 12 / 3) = 5
        assertThat(BoundedLoads.capacity(2.0, 8, 3)).isEqualTo(6);    // ceil(18 / 3)
        assertThat(BoundedLoads.capacity(1.25, 5, 0)).isZero();
        assertThat(BoundedLoads.hasRoom(4, 5)).isTrue();
        assertThat(BoundedLoads.hasRoom(5, 5)).isFalse();
    }

    /** Places requests that never finish: no member ever exceeds the bound, even with one hot key. */
    @Test
    void noMemberExceedsTheBoundUnderASkewedLoad() {
        HashingConfig config = HashingConfig.defaults(Algorithm.RING);
        Ring ring = config.build(KetamaRingTest.members("a", "b", "c", "d"));
        double c = 1.25;
        int[] load = new int[4];
        long total = 0;
        Random rnd = new Random(3);
        for (int i = 0; i < 2000; i++) {
            long key = rnd.nextInt(10) < 8 ? 42L : rnd.nextLong(); // 80% of requests share one key
            long cap = BoundedLoads.capacity(c, total, 4);
            int m = ring.lookup(key, x -> BoundedLoads.hasRoom(load[x], cap));
            assertThat(m).isNotNegative();
            load[m]++;
            total++;
            for (int l : load) {
                assertThat((long) l).isLessThanOrEqualTo(BoundedLoads.capacity(c, total - 1, 4));
            }
        }
    }

    @Test
    void rejectsFactorsThatBoundNothing() {
        assertThatThrownBy(() -> BoundedLoads.checkFactor(1.0)).hasMessageContaining("> 1");
        assertThatThrownBy(() -> BoundedLoads.checkFactor(Double.NaN)).hasMessageContaining("> 1");
        assertThat(BoundedLoads.checkFactor(1.25)).isEqualTo(1.25);
    }
}
