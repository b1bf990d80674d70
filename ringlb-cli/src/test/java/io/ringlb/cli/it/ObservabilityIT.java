package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringlb.core.Algorithm;
import io.ringlb.core.HashingConfig;
import io.ringlb.core.KeyMovement;
import io.ringlb.core.KeySpace;
import io.ringlb.core.Ring;
import io.ringlb.core.RingMember;
import io.ringlb.core.XxHashKeys;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin listener against a real balancer with three static backends: {@code /metrics} counts
 * match a known number of requests per replica, {@code /ring} answers as the hashing core's own
 * lookup does, dry runs move exactly what {@link KeyMovement} sees and change nothing, and the
 * access log has a line for each kind of request (proxied, retried, admin, refused).
 */
class ObservabilityIT {

    private static final List<String> NAMES = List.of("b1", "b2", "b3");
    /** The ring the balancer builds for b1, b2, b3 (ids 1, 2, 3 in the order given), as the core builds it. */
    private static final List<RingMember> MEMBERS = List.of(RingMember.of("b1", 1), RingMember.of("b2", 2), RingMember.of("b3", 3));
    private static final HashingConfig RING = HashingConfig.defaults(Algorithm.RING);

    @TempDir
    Path dir;

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void metricsRingDryRunAndAccessLogTellTheTruth() throws Exception {
        Http http = new Http();
        Path accessLog = dir.resolve("access.log");
        int adminPort = freePort();
        String admin = "http://127.0.0.1:" + adminPort;
        TestBackend b1 = TestBackend.start("b1");
        try (TestBackend b2 = TestBackend.start("b2"); TestBackend b3 = TestBackend.start("b3");
             RinglbProcess lb = RinglbProcess.start("--provisioner", "static", "--backends", b1.spec() + "," + b2.spec() + "," + b3.spec(),
                     "--heartbeat-interval", "30s", "--heartbeat-fails", "3", "--admin-port", "" + adminPort,
                     "--access-log", accessLog.toString())) {
            Ring core = RING.build(MEMBERS);

            // /ring: the members with the core's exact shares, and each key where the core's lookup puts it.
            JsonNode ring = http.get(admin + "/ring").json().path("message");
            double[] shares = KeySpace.shares(core);
            for (int i = 0; i < 3; i++) {
                assertThat(ring.path("members").get(i).path("name").asText()).isEqualTo(NAMES.get(i));
                assertThat(ring.path("members").get(i).path("share").asDouble()).isCloseTo(shares[i], within(1e-12));
            }
            long version = ring.path("version").asLong();
            Map<String, Integer> expected = new HashMap<>();
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                String key = "user-" + i;
                keys.add(key);
                long hash = XxHashKeys.INSTANCE.hashKey(key);
                String owner = NAMES.get(core.lookup(hash));
                JsonNode where = http.get(admin + "/ring?key=" + key).json().path("message");
                assertThat(where.path("replica").asText()).as(key).isEqualTo(owner);
                assertThat(where.path("hash").asText()).isEqualTo(String.format("0x%016x", hash));
                assertThat(names(where.path("walk"))).as("the walk a retry follows").isEqualTo(coreWalk(core, hash));
                JsonNode described = http.get(admin + "/ring?header.X-Request-Id=" + key).json().path("message");
                assertThat(described.path("source").asText()).isEqualTo("header:X-Request-Id");
                assertThat(described.path("replica").asText()).isEqualTo(owner);
                expected.merge(owner, 1, Integer::sum);
            }
            assertThat(expected.keySet()).as("60 keys reach every backend").hasSize(3);

            // Known requests per replica, then /metrics and /stats.
            for (String key : keys) {
                Http.Response r = http.get(lb.url("/home"), "X-Request-Id", key);
                assertThat(r.status()).isEqualTo(200);
                assertThat(r.headers().firstValue("x-served-by")).hasValue(NAMES.get(core.lookup(XxHashKeys.INSTANCE.hashKey(key))));
            }
            String metrics = http.get(admin + "/metrics").body();
            JsonNode stats = http.get(admin + "/stats").json().path("message");
            for (String name : NAMES) {
                int n = expected.get(name);
                assertThat(metric(metrics, "ringlb_requests_total{code=\"2xx\",method=\"GET\",replica=\"" + name + "\"}"))
                        .as(name).isEqualTo(n);
                assertThat(metric(metrics, "ringlb_request_duration_seconds_count{replica=\"" + name + "\"}")).isEqualTo(n);
                assertThat(metric(metrics, "ringlb_replica_up{replica=\"" + name + "\"}")).isEqualTo(1);
                JsonNode s = find(stats.path("replicas"), name);
                assertThat(s.path("count").asLong()).isEqualTo(n);
                assertThat(s.path("share").asDouble()).isCloseTo(n / 60.0, within(1e-9));
                assertThat(s.path("errors").asLong()).isZero();
            }
            assertThat(stats.path("requests").asLong()).isEqualTo(60);
            assertThat(metric(metrics, "ringlb_ring_version")).isEqualTo(version);
            assertThat(metrics).contains("jvm_memory_used_bytes", "jvm_gc_pause_seconds", "process_cpu_usage", "jvm_threads_live_threads");

            // Dry runs: exactly what the core says moves, and nothing changes.
            String rep = http.get(lb.url("/rep")).body();
            JsonNode add = http.post(admin + "/add?dry_run=true", "{\"n\": 1, \"hostnames\": [\"b4\"], \"addresses\": [\"127.0.0.1:9\"]}")
                    .json().path("message");
            List<RingMember> withB4 = new ArrayList<>(MEMBERS);
            withB4.add(RingMember.of("b4", 4));
            assertThat(add.path("would_add").get(0).asText()).isEqualTo("b4");
            assertThat(add.path("moved").asDouble()).isCloseTo(KeySpace.movement(RING, MEMBERS, withB4).moved(), within(1e-12))
                    .isCloseTo(KeyMovement.between(RING, MEMBERS, withB4, randomKeys()).movedFraction(), within(0.005));
            JsonNode rm = http.delete(admin + "/rm?dry_run=true", "{\"n\": 1, \"hostnames\": [\"b2\"]}").json().path("message");
            assertThat(rm.path("moved").asDouble()).isCloseTo(shares[1], within(1e-12))
                    .isCloseTo(KeyMovement.between(RING, MEMBERS, List.of(MEMBERS.get(0), MEMBERS.get(2)), randomKeys()).movedFraction(),
                            within(0.005));
            assertThat(rm.path("flows")).allSatisfy(f -> assertThat(f.path("from").asText()).isEqualTo("b2"));
            assertThat(http.get(lb.url("/rep")).body()).as("a dry run changes nothing").isEqualTo(rep);
            assertThat(http.get(admin + "/ring").json().path("message").path("version").asLong()).isEqualTo(version);
            assertThat(http.post(admin + "/add?dry_run=maybe", "{\"n\": 1}").status()).isEqualTo(400);

            // One request of each other kind: admin (on the traffic port), refused, retried.
            assertThat(http.get(lb.url("/rep")).status()).isEqualTo(200);
            String refused = RawHttp.exchangeUntilClose(lb.url(""), "GET /home HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n");
            assertThat(refused).startsWith("HTTP/1.1 400 ");
            b1.close(); // still in the ring (its heartbeats are 30 s apart): its requests are refused a connection, and retried
            String toB1 = keys.stream().filter(k -> NAMES.get(core.lookup(XxHashKeys.INSTANCE.hashKey(k))).equals("b1")).findFirst().orElseThrow();
            Http.Response retried = http.get(lb.url("/home"), "X-Request-Id", toB1);
            assertThat(retried.status()).isEqualTo(200);
            assertThat(retried.servedBy()).isNotEqualTo("b1");
            String after = http.get(admin + "/metrics").body();
            assertThat(metric(after, "ringlb_retries_total{reason=\"connect\",replica=\"b1\"}")).isEqualTo(1);
            assertThat(metric(after, "ringlb_local_replies_total{code=\"400\",reason=\"refused\"}")).isEqualTo(1);

            List<JsonNode> lines = awaitLog(accessLog, 64);
            assertThat(lines.stream().filter(l -> l.path("kind").asText().equals("proxied") && l.path("retries").asInt() == 0
                    && l.path("status").asInt() == 200 && l.path("path").asText().equals("/home"))).hasSize(60);
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.path("kind").asText()).isEqualTo("proxied");
                assertThat(l.path("retries").asInt()).isEqualTo(1);
                assertThat(l.path("request_id").asText()).isEqualTo(toB1);
                assertThat(l.path("key_source").asText()).isEqualTo("header:X-Request-Id");
                assertThat(l.path("replica").asText()).isEqualTo(retried.servedBy());
            });
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.path("kind").asText()).isEqualTo("admin");
                assertThat(l.path("path").asText()).isEqualTo("/rep");
                assertThat(l.path("status").asInt()).isEqualTo(200);
            });
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.path("kind").asText()).isEqualTo("admin");
                assertThat(l.path("path").asText()).isEqualTo("/add?dry_run=true"); // on the admin listener
            });
            assertThat(lines).anySatisfy(l -> {
                assertThat(l.path("kind").asText()).isEqualTo("refused");
                assertThat(l.path("status").asInt()).isEqualTo(400);
                assertThat(l.path("reason").asText()).isEqualTo("refused");
            });
        }
    }

    @Test
    void aBusyAdminPortIsAClearStartupError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> RinglbProcess.start("--replicas", "1", "--admin-port", "" + taken.getLocalPort()))
                    .hasMessageContaining("cannot open the admin listener on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("--admin-port 0")
                    // before any replica is adopted, started or stopped: with docker, another
                    // balancer's containers of the same cluster could be taken and removed
                    .hasMessageNotContaining("started process");
        }
    }

    private static List<String> coreWalk(Ring ring, long hash) {
        List<String> walk = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        for (int step = 0; step < ring.size(); step++) {
            int m = ring.lookup(hash, i -> !seen.contains(i));
            seen.add(m);
            walk.add(NAMES.get(m));
        }
        return walk;
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static JsonNode find(JsonNode replicas, String name) {
        for (JsonNode r : replicas) {
            if (r.path("name").asText().equals(name)) {
                return r;
            }
        }
        throw new AssertionError("no " + name + " in " + replicas);
    }

    /** The value of the series written exactly as {@code series} in a Prometheus text scrape. */
    static double metric(String scrape, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(scrape);
        if (!m.find()) {
            throw new AssertionError("no series " + series + " in the scrape");
        }
        return Double.parseDouble(m.group(1));
    }

    private static long[] randomKeys() {
        Random rnd = new Random(7);
        long[] keys = new long[200_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = rnd.nextLong();
        }
        return keys;
    }

    /** The access log's lines once there are at least {@code n} (the writer runs a few ms behind). */
    private static List<JsonNode> awaitLog(Path file, int n) throws Exception {
        long until = System.nanoTime() + 10_000_000_000L;
        List<JsonNode> out = new ArrayList<>();
        while (System.nanoTime() < until) {
            out.clear();
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file)) {
                    out.add(Http.JSON.readTree(line));
                }
            }
            if (out.size() >= n) {
                break;
            }
            Thread.sleep(20);
        }
        return out;
    }
}
