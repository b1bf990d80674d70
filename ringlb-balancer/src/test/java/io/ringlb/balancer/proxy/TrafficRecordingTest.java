package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.ResourceLeakDetector;
import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.traffic.LatencyBuckets;
import io.ringlb.balancer.traffic.LocalReply;
import io.ringlb.balancer.traffic.LoopTraffic;
import io.ringlb.balancer.traffic.MethodClass;
import io.ringlb.balancer.traffic.ReplicaTraffic;
import io.ringlb.balancer.traffic.RequestTrace;
import io.ringlb.balancer.traffic.RetryReason;
import io.ringlb.balancer.traffic.TraceRing;
import io.ringlb.balancer.traffic.TrafficRecorder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the data path records ({@link TrafficRecorder}), in-process: per-replica counts against a
 * known number of requests, retries with their reason, the balancer's own replies, connections,
 * bytes, and the traces the access log gets for each kind of request.
 */
class TrafficRecordingTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private final TraceRing log = new TraceRing(64);
    private final TrafficRecorder traffic = new TrafficRecorder(0, true, log);
    private EmbeddedProxy p;

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void closeProxy() {
        p.close();
    }

    private static String get(String path, String key) {
        return "GET " + path + " HTTP/1.1\r\nHost: lb\r\nX-Key: " + key + "\r\nUser-Agent: test/1\r\n\r\n";
    }

    /** The traces the access log would get, oldest first. */
    private List<Map<String, Object>> logged() {
        List<Map<String, Object>> out = new ArrayList<>();
        RequestTrace t;
        while ((t = log.peek()) != null) {
            Map<String, Object> m = new HashMap<>();
            m.put("kind", t.kind());
            m.put("status", t.status());
            m.put("replica", t.replica());
            m.put("retries", t.retries());
            m.put("method", t.method());
            m.put("target", t.target());
            m.put("local", t.local());
            m.put("keySource", t.keySource());
            m.put("key", t.keyValue() == null ? null : t.keyValue().toString());
            m.put("bytes", t.bytesSent());
            m.put("complete", t.complete());
            m.put("userAgent", t.userAgent());
            m.put("upstream", t.upstreamNanos() >= 0);
            out.add(m);
            log.consumed();
        }
        return out;
    }

    @Test
    void eachReplicaCountsExactlyTheRequestsItAnswered() {
        p = new EmbeddedProxy(EmbeddedProxy.settings(0), traffic, "s1", "s2", "s3");
        Map<Replica, Integer> sent = new HashMap<>();
        int connections = 0;
        for (int i = 0; i < 30; i++) {
            String key = "key-" + i;
            Replica owner = p.ownerOf(key);
            sent.merge(owner, 1, Integer::sum);
            p.send(get("/item/" + i, key));
            int conn = p.connectedTo.lastIndexOf(owner); // one keep-alive connection per replica, reused
            connections = p.backends.size();
            p.backendGot(conn);
            p.reply(conn, OK);
            assertThat(p.received()).endsWith("ok");
        }
        assertThat(sent.keySet()).as("30 keys reach every replica").hasSize(3);
        for (Replica r : p.replicas) {
            ReplicaTraffic t = r.traffic();
            int n = sent.get(r);
            assertThat(t.responses(MethodClass.GET, 1)).as(r.name()).isEqualTo(n);
            assertThat(t.requests()).isEqualTo(n);
            assertThat(sum(t.latencyBuckets())).as("one duration per request").isEqualTo(n);
            assertThat(t.responseBytes()).as("body bytes").isEqualTo(2L * n);
            assertThat(t.connectionsOpened()).isEqualTo(1);
            assertThat(t.connectionsReused()).isEqualTo(n - 1);
            assertThat(t.connectionsIdle()).as("back in the pool").isEqualTo(1);
            assertThat(t.serverErrors()).isZero();
        }
        assertThat(connections).isEqualTo(3);
        LoopTraffic loop = traffic.counts();
        assertThat(loop.clientConnectionsOpened()).isEqualTo(1);
        assertThat(loop.clientBytesIn()).isEqualTo(sumOfRequests(30));
        assertThat(loop.clientBytesOut()).isPositive();
        List<Map<String, Object>> lines = logged();
        assertThat(lines).hasSize(30).allSatisfy(m -> {
            assertThat(m).containsEntry("kind", RequestTrace.Kind.PROXIED).containsEntry("status", 200)
                    .containsEntry("retries", 0).containsEntry("keySource", "header:X-Key").containsEntry("bytes", 2L)
                    .containsEntry("complete", true).containsEntry("userAgent", "test/1").containsEntry("upstream", true);
        });
        assertThat(lines.get(7)).containsEntry("target", "/item/7").containsEntry("key", "key-7")
                .containsEntry("replica", p.ownerOf("key-7").name()).containsEntry("method", "GET");
    }

    @Test
    void aBodyThatBreaksAfterAnEarlyResponseLeavesThatResponseWholeAndCounted() {
        p = new EmbeddedProxy(EmbeddedProxy.settings(0), traffic, "s1");
        p.send("POST /a HTTP/1.1\r\nHost: lb\r\nX-Key: k\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n");
        p.reply(0, OK); // answered before the body ended
        assertThat(p.received()).endsWith("ok");
        p.send("zz\r\n"); // then the body breaks
        assertThat(p.backends.get(0).isOpen()).as("the replica got part of a request: its connection goes").isFalse();
        assertThat(p.client.isOpen()).as("closed once the response is out").isFalse();
        assertThat(logged()).singleElement().satisfies(m -> assertThat(m).containsEntry("status", 200)
                .containsEntry("bytes", 2L).containsEntry("complete", true));
    }

    @Test
    void aRetryIsCountedAtTheReplicaThatFailedWithItsReason() {
        p = new EmbeddedProxy(EmbeddedProxy.settings(0), traffic, "s1", "s2", "s3");
        p.send("PUT /a HTTP/1.1\r\nHost: lb\r\nX-Key: k\r\nContent-Length: 5\r\n\r\nhello");
        Replica first = p.connectedTo.get(0);
        p.backends.get(0).close(); // dropped before any response byte: replayed on the next replica
        p.client.runPendingTasks();
        Replica second = p.connectedTo.get(1);
        p.reply(1, OK);
        assertThat(p.received()).endsWith("ok");
        assertThat(first.traffic().failedAttempts(RetryReason.RESET)).isEqualTo(1);
        assertThat(first.traffic().requests()).as("answered elsewhere").isZero();
        assertThat(second.traffic().responses(MethodClass.PUT, 1)).isEqualTo(1);
        assertThat(second.traffic().requestBytes()).as("the body, counted once").isEqualTo(5);
        assertThat(logged()).singleElement().satisfies(m -> assertThat(m).containsEntry("retries", 1)
                .containsEntry("replica", second.name()).containsEntry("status", 200).containsEntry("kind", RequestTrace.Kind.PROXIED));

        String key = "k2";
        for (int i = 3; p.ownerOf(key) == second; i++) {
            key = "k" + i; // a replica with no pooled connection: the request must connect
        }
        p.nextConnect = EmbeddedProxy.Connect.FAIL;
        p.send(get("/b", key));
        Replica refused = p.connectedTo.get(2);
        assertThat(refused.traffic().failedAttempts(RetryReason.CONNECT)).isEqualTo(1);
    }

    @Test
    void theBalancersOwnRepliesAreCountedByReason() {
        p = new EmbeddedProxy(EmbeddedProxy.settings(0), traffic, "s1");
        p.send(get("/missing", "k"));
        p.reply(0, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
        assertThat(p.received()).startsWith("HTTP/1.1 400 ");
        assertThat(traffic.counts().localReplies(LocalReply.NOT_FOUND, 400)).isEqualTo(1);
        Replica s1 = p.replicas.get(0);
        assertThat(s1.traffic().responses(MethodClass.GET, 3)).as("a 4xx for s1").isEqualTo(1);

        p.send("GET /x HTTP/1.1\r\nHost: lb\r\nHost: other\r\n\r\n"); // two Host fields: refused
        assertThat(p.received()).startsWith("HTTP/1.1 400 ");
        assertThat(traffic.counts().localReplies(LocalReply.REFUSED, 400)).isEqualTo(1);
        List<Map<String, Object>> lines = logged();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).containsEntry("local", LocalReply.NOT_FOUND).containsEntry("status", 400)
                .containsEntry("replica", "s1").containsEntry("kind", RequestTrace.Kind.PROXIED);
        assertThat(lines.get(1)).containsEntry("kind", RequestTrace.Kind.REFUSED).containsEntry("local", LocalReply.REFUSED)
                .containsEntry("status", 400).containsEntry("replica", null).containsEntry("upstream", false);
    }

    @Test
    void withoutReplicasA503IsCountedAndLogged() {
        p = new EmbeddedProxy(EmbeddedProxy.settings(0), traffic);
        p.send(get("/a", "k"));
        assertThat(p.received()).startsWith("HTTP/1.1 503 ");
        assertThat(traffic.counts().localReplies(LocalReply.NO_REPLICA, 503)).isEqualTo(1);
        assertThat(traffic.counts().lastErrors()).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("No replicas available"));
        assertThat(logged()).singleElement().satisfies(m -> assertThat(m).containsEntry("status", 503)
                .containsEntry("local", LocalReply.NO_REPLICA));
    }

    @Test
    void withMetricsOffNothingIsCounted() {
        TrafficRecorder off = new TrafficRecorder(0, false, null);
        p = new EmbeddedProxy(EmbeddedProxy.settings(0), off, "s1");
        p.send(get("/a", "k"));
        p.reply(0, OK);
        assertThat(p.received()).endsWith("ok");
        assertThat(p.replicas.get(0).traffic().requests()).isZero();
        assertThat(p.replicas.get(0).traffic().connectionsOpened()).isZero();
        assertThat(off.counts().clientBytesIn()).isZero();
        assertThat(off.counts().clientBytesOut()).isZero();
    }

    @Test
    void aFullAccessLogQueueDropsAndCountsInsteadOfWaiting() {
        TraceRing tiny = new TraceRing(2);
        TrafficRecorder rec = new TrafficRecorder(0, true, tiny);
        p = new EmbeddedProxy(EmbeddedProxy.settings(0), rec, "s1");
        for (int i = 0; i < 5; i++) {
            p.send(get("/" + i, "k"));
            p.reply(0, OK);
            p.received();
        }
        assertThat(rec.counts().accessLogDropped()).isEqualTo(5 - tiny.capacity());
        assertThat(p.replicas.get(0).traffic().requests()).as("requests are counted all the same").isEqualTo(5);
    }

    private static long sum(long[] xs) {
        long s = 0;
        for (long x : xs) {
            s += x;
        }
        assertThat(xs).hasSize(LatencyBuckets.COUNT);
        return s;
    }

    private static long sumOfRequests(int n) {
        long total = 0;
        for (int i = 0; i < n; i++) {
            total += get("/item/" + i, "key-" + i).length();
        }
        return total;
    }
}
