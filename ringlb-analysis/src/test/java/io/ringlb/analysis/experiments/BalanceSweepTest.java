package io.ringlb.analysis.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class BalanceSweepTest {

    @Test
    void moreVnodesAndLargerTablesBalanceBetter() {
        for (List<BalanceSweep.Curve> sweep : List.of(BalanceSweep.vnodes(50_000), BalanceSweep.maglevTableSize(50_000))) {
            assertThat(sweep).extracting(BalanceSweep.Curve::members).containsExactlyElementsOf(BalanceSweep.SIZES);
            for (BalanceSweep.Curve c : sweep) {
                List<BalanceSweep.Point> p = c.points();
                double first = p.get(0).peakToMean();
                double last = p.get(p.size() - 1).peakToMean();
                assertThat(first).as("N=%d, smallest setting", c.members()).isGreaterThan(1.1);
                assertThat(last).as("N=%d, largest setting", c.members()).isBetween(1.0, 1.06);
            }
        }
    }

    @Test
    void statsOfCounts() {
        LoadStats s = LoadStats.of(new long[] {759_374, 42_187, 98_439});
        assertThat(s.total()).isEqualTo(900_000);
        assertThat(s.mean()).isEqualTo(300_000.0);
        assertThat(s.peakToMean()).isEqualTo(759_374 / 300_000.0);
        assertThat(s.min()).isEqualTo(42_187);
        assertThat(LoadStats.of(new long[] {5, 5}).stddev()).isZero();
        assertThat(LoadStats.of(new long[0]).peakToMean()).isZero();
    }
}
