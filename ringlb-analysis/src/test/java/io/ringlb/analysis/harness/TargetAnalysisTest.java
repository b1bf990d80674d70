package io.ringlb.analysis.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringlb.analysis.AlgorithmSetup;
import io.ringlb.analysis.Analysis;
import io.ringlb.analysis.AnalysisOptions;
import io.ringlb.analysis.AnalysisResults;
import io.ringlb.analysis.Experiment;
import io.ringlb.analysis.experiments.Distribution;
import io.ringlb.analysis.experiments.SetupResult;
import io.ringlb.analysis.report.ReportFiles;
import io.ringlb.analysis.report.ReportWriter;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole analysis against a running (fake) balancer, through its public API only. */
@Timeout(120)
class TargetAnalysisTest {

    @TempDir
    Path out;

    @Test
    void measuresThroughThePublicApiRestoresTheReplicasAndWritesTheReport() throws Exception {
        List<String> original = List.of("fake-a1b2c3", "fake-d4e5f6", "fake-g7h8i9", "fake-j0k1l2");
        try (FakeBalancer fake = new FakeBalancer(original)) {
            AnalysisOptions options = new AnalysisOptions(fake.uri(), 300, 8, Duration.ofSeconds(5), 50, 200, 2000,
                    AlgorithmSetup.parseList("ring,spec"), Experiment.parseList("all"), out, false, null);
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            AnalysisResults r = Analysis.run(options, new PrintStream(console, true, StandardCharsets.UTF_8));

            assertThat(fake.names()).as("original replicas are back").containsExactlyElementsOf(original);
            assertThat(r.setups()).hasSize(1);
            SetupResult s = r.setups().get(0);
            assertThat(s.label()).isEqualTo(fake.uri().toString());
            assertThat(s.a2()).extracting(Distribution::n).containsExactly(2, 3, 4, 5, 6);
            for (Distribution d : concat(s.a1(), s.a2())) {
                assertThat(d.sent()).isEqualTo(300);
                assertThat(d.answered() + d.failed()).isEqualTo(d.sent());
                assertThat(d.failed()).isZero();
            }
            assertThat(s.a1().replicas()).containsExactly("fake-a1b2c3", "fake-d4e5f6", "server1");
            assertThat(s.failover().killed()).isFalse();
            assertThat(s.failover().note()).contains("no local process runs replica 'fake-a1b2c3'");
            assertThat(s.failover().load().sent()).isPositive();
            assertThat(s.tour().steps()).hasSize(20);
            assertThat(r.disruption()).hasSize(2);
            assertThat(r.vnodes()).isNotEmpty();
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("A-1 N=3", "GET /other", "-> 400");

            ReportWriter.write(r, out);
            ReportFiles.assertComplete(out, List.of("a1-requests-per-replica", "a2-load-per-replica", "a3-failover",
                    "disruption-join", "disruption-leave", "balance-vnodes", "balance-maglev"));
            String md = Files.readString(out.resolve("report.md"));
            assertThat(md).contains("A-4 needs one balancer per configuration").contains("## A-3");
            JsonNode json = new ObjectMapper().readTree(out.resolve("results.json").toFile());
            JsonNode a1 = json.path("setups").path(0).path("a1");
            long counted = 0;
            for (JsonNode c : a1.path("counts")) {
                counted += c.asLong();
            }
            assertThat(counted + a1.path("failed").asLong()).isEqualTo(a1.path("sent").asLong()).isEqualTo(300);
        }
    }

    private static List<Distribution> concat(Distribution a1, List<Distribution> a2) {
        List<Distribution> all = new java.util.ArrayList<>(a2);
        all.add(a1);
        return all;
    }
}
