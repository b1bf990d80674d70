package io.ringlb.balancer.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringlb.balancer.traffic.LocalReply;
import io.ringlb.balancer.traffic.MethodClass;
import io.ringlb.balancer.traffic.ReplicaTraffic;
import io.ringlb.balancer.traffic.RequestTrace;
import io.ringlb.balancer.traffic.TraceRing;
import io.ringlb.balancer.traffic.TrafficRecorder;
import io.ringlb.balancer.traffic.Upstream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log's writer: both line formats, size rotation, reopening, and that it never loses a line it took. */
class AccessLogWriterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final TraceRing ring = new TraceRing(1024);
    private final TrafficRecorder rec = new TrafficRecorder(0, true, ring);
    private final Upstream server2 = new Upstream() {
        private final ReplicaTraffic traffic = new ReplicaTraffic();

        @Override
        public String name() {
            return "server2";
        }

        @Override
        public ReplicaTraffic traffic() {
            return traffic;
        }
    };

    /** A GET that went to server2 after one failed attempt, and got 200 with 76 body bytes. */
    private void proxied(String target, String userAgent) {
        RequestTrace t = rec.begin(null, RequestTrace.Kind.PROXIED, MethodClass.GET, "127.0.0.1");
        rec.describe(t, "GET", target, "HTTP/1.1", "123456", userAgent, null);
        t.keyFrom("header:X-Request-Id", "123456", -1);
        rec.attempt(t, server2);
        rec.retry(t, server2, io.ringlb.balancer.traffic.RetryReason.RESET);
        rec.responseHead(t, 200);
        rec.sent(t, 76);
        rec.end(t, true);
    }

    private void refused() {
        RequestTrace t = rec.begin(null, RequestTrace.Kind.REFUSED, MethodClass.OTHER, "127.0.0.2");
        rec.describe(t, null, null, null, null, null, null);
        rec.local(t, 400, LocalReply.REFUSED, "<Error> Bad request: more than one Host");
        rec.end(t, true);
    }

    private static List<String> awaitLines(Path file, int n) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.size() >= n || System.nanoTime() > until) {
                return lines;
            }
            Thread.sleep(10);
        }
    }

    @Test
    void jsonLinesCarryEveryField() throws Exception {
        Path file = dir.resolve("access.log");
        try (AccessLogWriter w = new AccessLogWriter(new AccessLogSettings(file, AccessLogSettings.Format.JSON, 0, 5, 64), List.of(ring))) {
            proxied("/home?x=\"1\"", "curl/8");
            refused();
            List<String> lines = awaitLines(file, 2);
            assertThat(lines).hasSize(2);
            JsonNode a = JSON.readTree(lines.get(0));
            assertThat(a.path("kind").asText()).isEqualTo("proxied");
            assertThat(a.path("client").asText()).isEqualTo("127.0.0.1");
            assertThat(a.path("method").asText()).isEqualTo("GET");
            assertThat(a.path("path").asText()).isEqualTo("/home?x=\"1\"");
            assertThat(a.path("status").asInt()).isEqualTo(200);
            assertThat(a.path("bytes").asLong()).isEqualTo(76);
            assertThat(a.path("replica").asText()).isEqualTo("server2");
            assertThat(a.path("key_source").asText()).isEqualTo("header:X-Request-Id");
            assertThat(a.path("key").asText()).isEqualTo("123456");
            assertThat(a.path("request_id").asText()).isEqualTo("123456");
            assertThat(a.path("retries").asInt()).isEqualTo(1);
            assertThat(a.path("duration_ms").asDouble()).isNotNegative();
            assertThat(a.has("upstream_ms")).isTrue();
            assertThat(a.path("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            JsonNode b = JSON.readTree(lines.get(1));
            assertThat(b.path("kind").asText()).isEqualTo("refused");
            assertThat(b.path("reason").asText()).isEqualTo("refused");
            assertThat(b.path("status").asInt()).isEqualTo(400);
            assertThat(b.has("method")).isFalse();
            assertThat(b.has("upstream_ms")).isFalse();
            assertThat(w.written()).isEqualTo(2);
        }
    }

    @Test
    void textLinesAreCombinedLogFormatPlusRinglbsFields() throws Exception {
        Path file = dir.resolve("access.txt");
        try (AccessLogWriter w = new AccessLogWriter(new AccessLogSettings(file, AccessLogSettings.Format.TEXT, 0, 5, 64), List.of(ring))) {
            proxied("/home", "Mozilla \"quoted\" agent");
            refused();
            List<String> lines = awaitLines(file, 2);
            assertThat(lines).hasSize(2);
            Pattern combined = Pattern.compile("^127\\.0\\.0\\.1 - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d \\+0000] "
                    + "\"GET /home HTTP/1\\.1\" 200 76 \"-\" \"Mozilla \\\\x22quoted\\\\x22 agent\" rt=\\d+\\.\\d{6} ut=\\d+\\.\\d{6} "
                    + "replica=server2 key=header:X-Request-Id:123456 retries=1 id=123456 kind=proxied$");
            assertThat(lines.get(0)).matches(combined);
            assertThat(lines.get(1)).contains("\"- - -\" 400 0 ").endsWith("replica=- key=- retries=0 id=- kind=refused reason=refused");
            assertThat(w.failed()).isZero();
        }
    }

    @Test
    void theFileRotatesBySizeKeepingTheNewest() throws Exception {
        Path file = dir.resolve("rot.log");
        try (AccessLogWriter w = new AccessLogWriter(new AccessLogSettings(file, AccessLogSettings.Format.JSON, 1000, 2, 64), List.of(ring))) {
            for (int i = 0; i < 40; i++) {
                proxied("/" + i, null);
                Thread.sleep(2); // several batches, so that rotation happens between them
            }
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (w.written() < 40 && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            assertThat(w.written()).isEqualTo(40);
        }
        assertThat(dir.resolve("rot.log.1")).exists();
        assertThat(dir.resolve("rot.log.2")).exists();
        assertThat(dir.resolve("rot.log.3")).as("keep 2").doesNotExist();
        assertThat(Files.size(dir.resolve("rot.log.1"))).isGreaterThanOrEqualTo(1000);
        String newest = Files.readString(file).isEmpty() ? Files.readString(dir.resolve("rot.log.1")) : Files.readString(file);
        assertThat(newest).contains("\"path\":\"/39\"");
    }

    @Test
    void reopeningStartsAFreshFileAfterTheOldOneWasMovedAway() throws Exception {
        Path file = dir.resolve("moved.log");
        try (AccessLogWriter w = new AccessLogWriter(new AccessLogSettings(file, AccessLogSettings.Format.JSON, 0, 5, 64), List.of(ring))) {
            proxied("/before", null);
            assertThat(awaitLines(file, 1)).hasSize(1);
            Files.move(file, dir.resolve("moved.log.old")); // what logrotate does, before it sends SIGHUP
            w.reopen();
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.exists(file) && System.nanoTime() < until) {
                Thread.sleep(10);
            }
            proxied("/after", null);
            List<String> lines = awaitLines(file, 1);
            assertThat(lines).singleElement().satisfies(l -> assertThat(l).contains("/after"));
        }
        assertThat(Files.readString(dir.resolve("moved.log.old"))).contains("/before").doesNotContain("/after");
    }

    @Test
    void closingWritesWhatIsWaiting() throws IOException {
        Path file = dir.resolve("close.log");
        AccessLogWriter w = new AccessLogWriter(new AccessLogSettings(file, AccessLogSettings.Format.JSON, 0, 5, 64), List.of(ring));
        for (int i = 0; i < 100; i++) {
            proxied("/" + i, null);
        }
        w.close();
        assertThat(Files.readAllLines(file)).hasSize(100);
    }
}
