package io.ringlb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ringlb analyze} self-hosted, at small scale, as a user runs it: the shaded jar in its own
 * JVM, starting real balancers and replica processes on loopback, SIGKILLing one of them.
 */
class AnalyzeIT {

    private static final int REQUESTS = 500;
    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path out;

    private static ProcessBuilder ringlb(String... args) {
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Djava.awt.headless=true", "-jar", System.getProperty("ringlb.jar")));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true);
    }

    /** A-3 against a balancer it did not start: kills that balancer's replica, and only through its API otherwise. */
    @Test
    @Timeout(120)
    void targetModeKillsTheTargetsOwnReplicaAndRestoresItsNames() throws Exception {
        Path log = out.resolve("balancer.log");
        Process balancer = ringlb("start", "--port", "0", "--admin-port", "0").redirectOutput(log.toFile()).start();
        try {
            Matcher listening = LISTENING.matcher("");
            while (!listening.find()) {
                assertThat(balancer.isAlive()).as("balancer running").isTrue();
                Thread.sleep(100);
                listening = LISTENING.matcher(Files.readString(log));
            }
            String target = "http://127.0.0.1:" + listening.group(1);
            Set<Long> replicas = new HashSet<>();
            balancer.descendants().forEach(p -> replicas.add(p.pid()));
            Path console = out.resolve("target-console.txt");
            Process analyze = ringlb("analyze", "--target", target, "--experiments", "a3", "--failover-rate", "300",
                    "--out", out.resolve("target").toString(), "--no-progress").redirectOutput(console.toFile()).start();
            assertThat(analyze.waitFor(90, TimeUnit.SECONDS)).isTrue();
            assertThat(analyze.exitValue()).as(Files.readString(console)).isZero();
            JsonNode failover = new ObjectMapper().readTree(out.resolve("target/results.json").toFile())
                    .path("setups").path(0).path("failover");
            assertThat(failover.path("victim").asText()).isEqualTo("server1");
            assertThat(failover.path("pid").asLong()).isIn(replicas);
            assertThat(failover.path("restoredAt").isNumber()).isTrue();
            String rep = new String(new java.net.URL(target + "/rep").openStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(rep).contains("\"N\":3", "\"server1\"", "\"server2\"", "\"server3\"");
        } finally {
            balancer.destroy();
            assertThat(balancer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    @Timeout(240)
    void selfHostedAnalysisMeasuresChartsAndReportsEverythingAndLeavesNoProcess() throws Exception {
        Path console = out.resolve("console.txt");
        Process analyze = ringlb("analyze", "--requests", Integer.toString(REQUESTS),
                "--warmup", "200", "--concurrency", "32", "--algorithms", "spec,ring", "--failover-rate", "400",
                "--keys", "20000", "--out", out.resolve("report").toString(), "--no-progress")
                .redirectOutput(console.toFile()).start();
        Map<Long, ProcessHandle> children = new HashMap<>();
        try {
            while (!analyze.waitFor(100, TimeUnit.MILLISECONDS)) {
                analyze.descendants().forEach(p -> children.put(p.pid(), p));
            }
        } finally {
            analyze.destroyForcibly();
        }
        assertThat(analyze.exitValue()).as(Files.readString(console)).isZero();
        for (ProcessHandle child : children.values()) {
            child.onExit().get(20, TimeUnit.SECONDS);
        }
        assertThat(children).as("balancers and replicas were started").hasSizeGreaterThan(4);

        Path report = out.resolve("report");
        JsonNode results = new ObjectMapper().readTree(report.resolve("results.json").toFile());
        JsonNode setups = results.path("setups");
        assertThat(setups).hasSize(2);
        for (JsonNode setup : setups) {
            assertThat(setup.path("a2")).hasSize(5);
            List<JsonNode> runs = new ArrayList<>(List.of(setup.path("a1")));
            setup.path("a2").forEach(runs::add);
            for (JsonNode run : runs) {
                long answered = 0;
                for (JsonNode c : run.path("counts")) {
                    answered += c.asLong();
                }
                assertThat(run.path("sent").asLong()).isEqualTo(REQUESTS);
                assertThat(answered + run.path("failed").asLong()).as(run.toString()).isEqualTo(REQUESTS);
            }
        }
        // spec mode's exact share of server1 over all ids is 84.37%; 500 samples land within a few points of it.
        JsonNode spec = setups.path(0).path("a1");
        assertThat(spec.path("replicas").toString()).isEqualTo("[\"server1\",\"server2\",\"server3\"]");
        assertThat(spec.path("counts").path(0).asDouble() / REQUESTS).isBetween(0.77, 0.91);
        JsonNode failover = setups.path(0).path("failover");
        assertThat(failover.path("pid").asLong()).isIn(children.keySet());
        assertThat(failover.path("recoverySeconds").asDouble()).isBetween(0.0, 30.0);
        assertThat(failover.path("replicasAfter")).hasSize(3);
        assertThat(setups.path(0).path("tour").path("passed").asInt()).isEqualTo(20);

        List<String> charts = List.of("a1-requests-per-replica", "a2-load-per-replica", "a3-failover", "a4-shares",
                "a4-peak-to-mean", "a4-load-per-replica", "disruption-join", "disruption-leave", "balance-vnodes", "balance-maglev");
        String md = Files.readString(report.resolve("report.md"));
        String html = Files.readString(report.resolve("report.html"));
        try (Stream<Path> files = Files.list(report.resolve("charts"))) {
            assertThat(files.count()).isEqualTo(2L * charts.size());
        }
        for (String chart : charts) {
            BufferedImage png = ImageIO.read(report.resolve("charts/" + chart + ".png").toFile());
            int width = chart.equals("a4-load-per-replica") ? 1440 : 960;
            assertThat(png.getWidth()).as(chart).isEqualTo(width);
            assertThat(png.getHeight()).as(chart).isEqualTo(540);
            var svg = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(report.resolve("charts/" + chart + ".svg").toFile()).getDocumentElement();
            assertThat(Double.parseDouble(svg.getAttribute("width"))).isEqualTo(width);
            assertThat(Double.parseDouble(svg.getAttribute("height"))).isEqualTo(540);
            assertThat(md).contains("(charts/" + chart + ".png)", "(charts/" + chart + ".svg)");
            assertThat(html).contains("<figure id=\"" + chart + "\">\n<svg ");
        }
    }
}
