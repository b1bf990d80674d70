package io.ringlb.analysis.experiments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.ringlb.analysis.AlgorithmSetup;
import java.util.List;
import org.junit.jupiter.api.Test;

class DisruptionTest {

    private static final long[] IDS = KeySample.requestIds(100_000);

    @Test
    void ringMovesAboutAQuarterOfTheKeysFromThreeToFour() {
        double moved = Disruption.movedFraction(AlgorithmSetup.parse("ring"), KeySample.servers(3), KeySample.servers(4), IDS);
        assertThat(moved).isCloseTo(0.25, within(0.02));
    }

    @Test
    void movesCompareToTheIdealAndAreSymmetricForRing() {
        List<Disruption.Curve> curves = Disruption.measure(AlgorithmSetup.parseList("ring,maglev,bounded"), 100_000);
        Disruption.Curve ring = curves.get(0);
        assertThat(ring.adds()).hasSize(Disruption.MAX_N - 1);
        for (Disruption.Move m : ring.adds()) {
            assertThat(m.ideal()).isEqualTo(1.0 / m.to());
            assertThat(m.moved()).isCloseTo(m.ideal(), within(0.03));
        }
        // Maglev moves a little more than the ideal (its table shifts), never less.
        for (Disruption.Move m : curves.get(1).adds()) {
            assertThat(m.moved()).isBetween(m.ideal() - 0.02, m.ideal() * 1.6);
        }
        // On an even ring the cap of c = 1.25 seldom binds, so bounded loads moves about what its ring moves.
        for (int i = 0; i < ring.adds().size(); i++) {
            assertThat(curves.get(2).adds().get(i).moved()).isCloseTo(ring.adds().get(i).moved(), within(0.01));
        }
    }

    @Test
    void specModeRemovalMovesExactlyTheRemovedReplicasKeys() {
        AlgorithmSetup spec = AlgorithmSetup.parse("spec");
        var four = KeySample.servers(4);
        long[] before = KeyOwners.counts(KeyOwners.of(spec, four, IDS), 4);
        double moved = Disruption.movedFraction(spec, four, four.subList(1, 4), IDS);
        assertThat(moved).isGreaterThanOrEqualTo((double) before[0] / IDS.length);
    }
}
