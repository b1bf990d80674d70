package io.ringlb.analysis.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringlb.analysis.AlgorithmSetup;
import org.junit.jupiter.api.Test;

class KeyOwnersTest {

    /** The assignment's functions over every 6-digit id: the golden shares ringlb-core pins too. */
    @Test
    void specModeSharesOverAllIdsAreTheKnownOnes() {
        long[] counts = KeyOwners.overAllIds(AlgorithmSetup.parse("spec"), KeySample.servers(3));
        assertThat(counts).containsExactly(759_374, 42_187, 98_439);
    }

    @Test
    void everyIdHasExactlyOneOwnerInEveryMode() {
        for (AlgorithmSetup setup : AlgorithmSetup.parseList(AlgorithmSetup.ALL)) {
            long[] counts = KeyOwners.overAllIds(setup, KeySample.servers(3));
            assertThat(LoadStats.of(counts).total()).as(setup.name()).isEqualTo(900_000);
        }
    }

    @Test
    void ringAndMaglevSpreadEvenlyAndBoundedLoadsCapsThePeak() {
        long[] ids = KeySample.requestIds(100_000);
        for (String name : new String[] {"ring", "maglev"}) {
            long[] counts = KeyOwners.counts(KeyOwners.of(AlgorithmSetup.parse(name), KeySample.servers(3), ids), 3);
            assertThat(LoadStats.of(counts).peakToMean()).as(name).isBetween(1.0, 1.05);
        }
        long[] skewed = KeyOwners.counts(KeyOwners.of(AlgorithmSetup.parse("spec"), KeySample.servers(3), ids), 3);
        assertThat(LoadStats.of(skewed).peakToMean()).isGreaterThan(2.2);
        long[] bounded = KeyOwners.counts(KeyOwners.of(AlgorithmSetup.parse("bounded"), KeySample.servers(3), ids), 3);
        assertThat(LoadStats.of(bounded).max()).isLessThanOrEqualTo((long) Math.ceil(1.25 * 100_000 / 3));
    }

    @Test
    void sampleIsReproducibleAndInRange() {
        assertThat(KeySample.requestIds(1000)).containsExactly(KeySample.requestIds(1000));
        assertThat(java.util.Arrays.stream(KeySample.requestIds(1000))).allMatch(id -> id >= 100_000 && id <= 999_999);
    }
}
