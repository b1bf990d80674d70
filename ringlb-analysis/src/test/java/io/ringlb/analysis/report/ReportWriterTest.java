package io.ringlb.analysis.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringlb.analysis.AlgorithmSetup;
import io.ringlb.analysis.AnalysisOptions;
import io.ringlb.analysis.AnalysisResults;
import io.ringlb.analysis.Experiment;
import io.ringlb.analysis.experiments.BalanceSweep;
import io.ringlb.analysis.experiments.Disruption;
import io.ringlb.analysis.experiments.Distribution;
import io.ringlb.analysis.experiments.EndpointTour;
import io.ringlb.analysis.experiments.Failover;
import io.ringlb.analysis.experiments.SetupResult;
import io.ringlb.analysis.load.LatencySummary;
import io.ringlb.analysis.load.LoadGenerator;
import io.ringlb.analysis.load.LoadPlan;
import io.ringlb.analysis.load.LoadResult;
import io.ringlb.analysis.load.StubServer;
import io.ringlb.analysis.harness.BalancerLauncher;
import io.ringlb.analysis.harness.Exchange;
import io.ringlb.analysis.harness.ReplicaSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report of a self-hosted analysis, from measurements made up here (the real ones are slow; see the CLI's IT). */
class ReportWriterTest {

    private static final LatencySummary LATENCY = new LatencySummary(10_000, 2.5, 2, 4, 9, 15, 20);
    private static final List<String> THREE = List.of("server1", "server2", "server3");

    @TempDir
    Path out;

    @Test
    void writesEveryChartAndLinksItWithItsNumbers() throws Exception {
        List<AlgorithmSetup> setups = AlgorithmSetup.parseList("spec,ring");
        AnalysisOptions options = new AnalysisOptions(null, 10_000, 64, Duration.ofSeconds(5), 100, 1000, 2000, setups,
                Experiment.parseList("all"), out, false, new BalancerLauncher("java", "ringlb.jar", "io.ringlb.cli.Main", List.of()));
        SetupResult spec = new SetupResult("spec", "spec (M=512)", distribution(8441, 466, 1093), scaling(0.6),
                tour(), failover());
        SetupResult ring = new SetupResult("ring", "ring (vnodes=4096)", distribution(3380, 3300, 3320), scaling(0.02), null, null);
        AnalysisResults r = new AnalysisResults(options, List.of(spec, ring), Disruption.measure(setups, 2000),
                BalanceSweep.vnodes(2000), BalanceSweep.maglevTableSize(2000));

        Path md = ReportWriter.write(r, out);

        ReportFiles.assertComplete(out, List.of("a1-requests-per-replica", "a2-load-per-replica", "a3-failover", "a4-shares",
                "a4-peak-to-mean", "a4-load-per-replica", "disruption-join", "disruption-leave", "balance-vnodes", "balance-maglev"));
        String text = Files.readString(md);
        // The exact shares of the assignment's functions over all ids: 759,374 / 42,187 / 98,439 of 900,000.
        assertThat(text).contains("| server1 | 8,441 | 84.41% | 84.37% |", "| server2 | 466 | 4.66% | 4.69% |",
                "| server3 | 1,093 | 10.93% | 10.94% |");
        assertThat(text).contains("A-1: 10,000 requests at N=3", "**Reading:** spec spreads the requests unevenly",
                "After SIGKILL of server1", "| N=3 restored after | 1,250 ms |", "> GET /other", "< 400 ");
        assertThat(Files.readString(out.resolve("report.html"))).contains("&lt;Error&gt; '/other' endpoint does not exist");
        assertThat(Files.readString(out.resolve("results.json"))).contains("\"restoredAt\" : 1.75", "\"failedInRecovery\" : 0");
    }

    private static Distribution distribution(long a, long b, long c) {
        return new Distribution(THREE, List.of(a, b, c), a + b + c, 0, Map.of(), 0.5, LATENCY);
    }

    /** A-2 points whose replicas stray {@code spread} from the mean. */
    private static List<Distribution> scaling(double spread) {
        List<Distribution> points = new ArrayList<>();
        for (int n = 2; n <= 6; n++) {
            List<String> names = new ArrayList<>();
            List<Long> counts = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                names.add("server" + (i + 1));
                counts.add(Math.round(10_000.0 / n * (1 + (i == 0 ? spread : -spread / (n - 1)))));
            }
            points.add(new Distribution(names, counts, counts.stream().mapToLong(Long::longValue).sum(), 0, Map.of(), 0.4, LATENCY));
        }
        return points;
    }

    private static EndpointTour.Tour tour() {
        ReplicaSet rep = new ReplicaSet(3, THREE);
        String error = "{\"message\":\"<Error> '/other' endpoint does not exist in server replicas\",\"status\":\"failure\"}";
        return new EndpointTour.Tour(List.of(
                new EndpointTour.Step("replica list", new Exchange("GET", "/rep", "", 200, "{}", 1), 200, null, true),
                new EndpointTour.Step("unknown endpoint", new Exchange("GET", "/other", "", 400, error, 1), 400,
                        "<Error> '/other' endpoint does not exist in server replicas", true)), rep, rep);
    }

    /** A real paced load run (on a stub), with made-up kill and recovery times inside it. */
    private static Failover failover() throws Exception {
        LoadResult load;
        try (StubServer s = new StubServer(ex -> StubServer.reply(ex, 200, StubServer.home("server2")));
             LoadGenerator g = new LoadGenerator(1)) {
            load = g.run(s.address(), LoadPlan.steady(400, 4, Duration.ofSeconds(2), Duration.ofMillis(2500), Duration.ofMillis(250)));
        }
        return new Failover("server1", 4242, "SIGKILL to replica server1 (pid 4242)", 3, 0.5, 0.6, 1.75, 0, load,
                List.of("server2", "server3", "srv-abc123"));
    }
}
