package io.ringlb.analysis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringlb.core.Algorithm;
import io.ringlb.core.SpecFunctions;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlgorithmSetupTest {

    @Test
    void everyNameMapsToItsBalancerOptions() {
        assertThat(AlgorithmSetup.parse("ring").startArgs()).containsExactly("--algorithm", "ring");
        assertThat(AlgorithmSetup.parse(" MAGLEV ").startArgs()).containsExactly("--algorithm", "maglev");
        assertThat(AlgorithmSetup.parse("spec").startArgs())
                .containsExactly("--algorithm", "spec", "--spec-hash", "quadratic", "--probing", "linear");
        assertThat(AlgorithmSetup.parse("spec-quadratic").name()).isEqualTo("spec");
        assertThat(AlgorithmSetup.parse("spec-xxhash").hashing().specFunctions()).isEqualTo(SpecFunctions.XXHASH);
        assertThat(AlgorithmSetup.parse("bounded").startArgs()).containsExactly("--algorithm", "ring", "--balance-factor", "1.25");
        AlgorithmSetup bm = AlgorithmSetup.parse("bounded-maglev");
        assertThat(bm.hashing().algorithm()).isEqualTo(Algorithm.MAGLEV);
        assertThat(bm.describe()).isEqualTo("maglev (M=65537), bounded loads c=1.25");
    }

    @Test
    void listsKeepTheirOrderAndRejectMistakes() {
        assertThat(AlgorithmSetup.parseList(AlgorithmSetup.ALL)).extracting(AlgorithmSetup::name)
                .containsExactly("ring", "maglev", "bounded", "spec", "spec-xxhash");
        assertThat(AlgorithmSetup.parseList("spec, ,ring")).extracting(AlgorithmSetup::name).containsExactly("spec", "ring");
        assertThatThrownBy(() -> AlgorithmSetup.parseList("ring,rnig")).hasMessageContaining("unknown algorithm 'rnig'");
        assertThatThrownBy(() -> AlgorithmSetup.parseList("spec,spec-quadratic")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> AlgorithmSetup.parseList(" , ")).hasMessageContaining("no algorithm");
    }

    @Test
    void experimentsParseByNameOrAll() {
        assertThat(Experiment.parseList("all")).containsExactlyInAnyOrder(Experiment.A1, Experiment.A2, Experiment.A3,
                Experiment.A4, Experiment.DISRUPTION, Experiment.BALANCE);
        assertThat(Experiment.parseList("all", true)).as("several targets: one cluster")
                .containsExactlyInAnyOrder(Experiment.CLUSTER, Experiment.DISRUPTION, Experiment.BALANCE);
        assertThat(Experiment.parseList("a1, A-3,disruption")).containsExactlyInAnyOrder(Experiment.A1, Experiment.A3, Experiment.DISRUPTION);
        assertThatThrownBy(() -> Experiment.parseList("a5")).hasMessageContaining("unknown experiment 'a5'");
        assertThatThrownBy(() -> Experiment.parseList("")).hasMessageContaining("no experiment");
        assertThat(Experiment.BALANCE.needsBalancer()).isFalse();
        assertThat(Experiment.A4.needsBalancer()).isTrue();
    }

    @Test
    void optionsRejectBadValuesWithTheOptionsName() {
        List<AlgorithmSetup> ring = AlgorithmSetup.parseList("ring");
        assertThatThrownBy(() -> options(0, 64, "http://127.0.0.1:5000", ring)).hasMessage("--requests must be >= 1, got 0");
        assertThatThrownBy(() -> options(10, 0, "http://127.0.0.1:5000", ring)).hasMessageContaining("--concurrency");
        assertThatThrownBy(() -> options(10, 4, "ftp://127.0.0.1:5000", ring)).hasMessageContaining("--target must look like");
        assertThatThrownBy(() -> options(10, 4, null, ring)).hasMessageContaining("launcher");
        assertThat(options(10, 4, "http://127.0.0.1:5000", ring).primary().name()).isEqualTo("ring");
    }

    private static AnalysisOptions options(long requests, int concurrency, String target, List<AlgorithmSetup> algorithms) {
        return new AnalysisOptions(target == null ? null : java.net.URI.create(target), requests, concurrency,
                java.time.Duration.ofSeconds(1), 0, 100, 1000, algorithms, Experiment.parseList("all"),
                java.nio.file.Path.of("out"), false, null);
    }
}
