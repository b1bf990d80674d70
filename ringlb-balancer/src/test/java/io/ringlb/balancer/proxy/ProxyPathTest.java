package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The data path in-process ({@link EmbeddedProxy}): exchanges, retries, timeouts, framing. */
class ProxyPathTest {

    private static final String OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok";

    private EmbeddedProxy p;

    @BeforeAll
    static void paranoid() {
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void closeProxy() {
        if (p != null) {
            p.close();
        }
    }

    private static String get(String path, String key) {
        return "GET " + path + " HTTP/1.1\r\nHost: lb\r\nX-Key: " + key + "\r\n\r\n";
    }

    @Test
    void aRequestGoesToItsOwnerAndTheConnectionIsReused() {
        p = new EmbeddedProxy("s1", "s2", "s3");
        p.send(get("/a", "k1"));
        assertThat(p.connectedTo).containsExactly(p.ownerOf("k1"));
        assertThat(p.backendGot(0)).startsWith("GET /a HTTP/1.1\r\nHost: lb\r\nX-Key: k1\r\n").endsWith("\r\n\r\n");
        p.reply(0, OK);
        assertThat(p.received()).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-served-by: "
                + p.ownerOf("k1").name() + "\r\n\r\nok");
        p.send(get("/b", "k1"));
        assertThat(p.backends).as("the pooled connection carries the next request").hasSize(1);
        assertThat(p.backendGot(0)).startsWith("GET /b HTTP/1.1");
    }

    @Test
    void pipelinedRequestsWaitForTheResponseBeforeThem() {
        p = new EmbeddedProxy("s1");
        p.send(get("/1", "k") + get("/2", "k"));
        assertThat(p.backendGot(0)).startsWith("GET /1 ").doesNotContain("GET /2");
        p.reply(0, OK);
        assertThat(p.backendGot(0)).startsWith("GET /2 ");
        p.reply(0, "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\ntwo");
        assertThat(p.received()).endsWith("\r\n\r\nok" + "HTTP/1.1 200 OK\r\nContent-Length: 3\r\nx-served-by: s1\r\n\r\ntwo");
    }

    @Test
    void aConnectionNamingTheFramingCannotSmuggleASecondRequest() {
        p = new EmbeddedProxy("s1");
        String smuggled = "GET /admin HTTP/1.1\r\nHost: lb\r\n\r\n";
        p.send("POST /a HTTP/1.1\r\nHost: lb\r\nConnection: Content-Length\r\nContent-Length: " + smuggled.length()
                + "\r\n\r\n" + smuggled);
        String got = p.backendGot(0);
        assertThat(got).contains("Content-Length: " + smuggled.length() + "\r\n").endsWith("\r\n\r\n" + smuggled);
        assertThat(got.split("HTTP/1.1\r\n", -1)).as("one request line, the body is a body").hasSize(2 + 1);
    }

    @Test
    void anIdempotentRequestIsReplayedOnTheNextReplicaWhenTheFirstDrops() {
        p = new EmbeddedProxy("s1", "s2", "s3");
        p.send("PUT /a HTTP/1.1\r\nHost: lb\r\nX-Key: k\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(p.backendGot(0)).endsWith("\r\n\r\nhello");
        p.backends.get(0).close(); // dropped before any response byte
        p.client.runPendingTasks();
        assertThat(p.connectedTo).hasSize(2).doesNotHaveDuplicates();
        assertThat(p.backendGot(1)).startsWith("PUT /a HTTP/1.1").endsWith("\r\n\r\nhello");
        p.reply(1, OK);
        assertThat(p.received()).contains("x-served-by: " + p.connectedTo.get(1).name()).endsWith("ok");
    }

    @Test
    void aPostThatReachedAReplicaIsNotSentAgain() {
        p = new EmbeddedProxy("s1", "s2");
        p.send("POST /a HTTP/1.1\r\nHost: lb\r\nContent-Length: 1\r\n\r\nx");
        p.backends.get(0).close();
        p.client.runPendingTasks();
        assertThat(p.connectedTo).hasSize(1);
        assertThat(p.received()).startsWith("HTTP/1.1 502 ").contains("not retried");
    }

    @Test
    void aFailedConnectMovesOnEvenForAPost() {
        p = new EmbeddedProxy("s1", "s2");
        p.nextConnect = EmbeddedProxy.Connect.FAIL;
        p.send("POST /a HTTP/1.1\r\nHost: lb\r\nContent-Length: 1\r\n\r\nx");
        assertThat(p.connectedTo).as("nothing was sent: every replica is tried").hasSize(2).doesNotHaveDuplicates();
        assertThat(p.received()).startsWith("HTTP/1.1 502 ").contains("after 2 attempt");
    }

    @Test
    void refusedConnectionsCostNoRetryButNoReplicaIsTriedTwice() {
        p = new EmbeddedProxy("s1", "s2", "s3", "s4", "s5");
        p.nextConnect = EmbeddedProxy.Connect.FAIL; // refused: more than --retries (2) replicas are tried
        p.send(get("/a", "k"));
        assertThat(p.connectedTo).hasSize(5).doesNotHaveDuplicates();
        assertThat(p.received()).startsWith("HTTP/1.1 502 ").contains("after 5 attempt");
    }

    @Test
    void aConnectThatFinishesAfterTheTimeoutIsClosed() {
        p = new EmbeddedProxy("s1");
        p.nextConnect = EmbeddedProxy.Connect.PENDING;
        p.send(get("/a", "k"));
        p.advance(EmbeddedProxy.RESPONSE_TIMEOUT.plusMillis(200));
        assertThat(p.received()).startsWith("HTTP/1.1 504 ");
        p.pendingConnects.get(0).setSuccess();
        p.backends.get(0).runPendingTasks();
        assertThat(p.backends.get(0).isOpen()).as("the late connection is closed").isFalse();
        assertThat(p.client.isOpen()).as("a 504 keeps the client's connection").isTrue();
    }

    @Test
    void aClientThatLeavesWhileConnectingLeavesNoConnectionBehind() {
        p = new EmbeddedProxy("s1");
        p.nextConnect = EmbeddedProxy.Connect.PENDING;
        p.send(get("/a", "k"));
        p.client.close();
        p.pendingConnects.get(0).setSuccess();
        p.backends.get(0).runPendingTasks();
        assertThat(p.backends.get(0).isOpen()).isFalse();
        assertThat(p.routing.table().member(0).inFlight()).isZero();
    }

    @Test
    void anEarlyResponseWaitsForTheRestOfTheBodyAndKeepsBothConnections() {
        p = new EmbeddedProxy("s1");
        p.send("POST /a HTTP/1.1\r\nHost: lb\r\nContent-Length: 10\r\n\r\n12345");
        p.reply(0, OK);
        assertThat(p.received()).endsWith("ok");
        p.send("67890");
        assertThat(p.backendGot(0)).endsWith("\r\n\r\n1234567890");
        p.send(get("/next", "k"));
        assertThat(p.backends).hasSize(1);
        assertThat(p.backendGot(0)).startsWith("GET /next ");
    }

    @Test
    void aReplica404BecomesTheContracts400AndItsConnectionStays() {
        p = new EmbeddedProxy("s1");
        p.send(get("/other?x=1", "k"));
        p.reply(0, "HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found");
        assertThat(p.received()).startsWith("HTTP/1.1 400 ")
                .endsWith("{\"message\":\"<Error> '/other' endpoint does not exist in server replicas\",\"status\":\"failure\"}");
        p.send(get("/again", "k"));
        assertThat(p.backends).hasSize(1);
    }

    @Test
    void refusedRequestsNeverReachAReplica() {
        p = new EmbeddedProxy("s1");
        p.send("POST /a HTTP/1.1\r\nHost: lb\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n");
        assertThat(p.received()).startsWith("HTTP/1.1 400 ").contains("connection: close");
        assertThat(p.connectedTo).isEmpty();
        assertThat(p.client.isOpen()).isFalse();
    }

    @Test
    void aBrokenChunkEndsTheRequestWithA400AndNoReuse() {
        p = new EmbeddedProxy("s1");
        p.send("POST /a HTTP/1.1\r\nHost: lb\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz\r\n");
        assertThat(p.received()).startsWith("HTTP/1.1 400 ").contains("Bad request body");
        assertThat(p.backends.get(0).isOpen()).as("the replica got part of a request: its connection goes").isFalse();
        assertThat(p.client.isOpen()).isFalse();
    }

    @Test
    void aBodyOverTheLimitIs413() {
        p = new EmbeddedProxy(EmbeddedProxy.settings(4), "s1");
        p.send("POST /a HTTP/1.1\r\nHost: lb\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(p.received()).startsWith("HTTP/1.1 413 ");
        assertThat(p.connectedTo).isEmpty();
        p = new EmbeddedProxy(EmbeddedProxy.settings(4), "s1");
        p.send("POST /a HTTP/1.1\r\nHost: lb\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n");
        assertThat(p.received()).startsWith("HTTP/1.1 413 ");
    }

    @Test
    void aHeadThatTricklesPastTheHeaderTimeoutIs408() {
        p = new EmbeddedProxy("s1");
        p.send("GET /a HTTP/1.1\r\n");
        p.advance(Duration.ofSeconds(1));
        p.send("Host: lb\r\n");
        p.advance(Duration.ofMillis(1200));
        assertThat(p.received()).startsWith("HTTP/1.1 408 ");
        assertThat(p.connectedTo).isEmpty();
    }

    @Test
    void anIdleKeepAliveConnectionClosesAfterTheIdleTimeout() {
        p = new EmbeddedProxy("s1");
        p.send(get("/a", "k"));
        p.reply(0, OK);
        assertThat(p.received()).endsWith("ok");
        p.advance(EmbeddedProxy.IDLE_TIMEOUT.minusSeconds(5));
        p.send(get("/b", "k"));
        p.reply(p.backends.size() - 1, OK); // a new replica connection: the pooled one aged out (30 s)
        p.advance(EmbeddedProxy.IDLE_TIMEOUT.minusSeconds(5));
        assertThat(p.client.isOpen()).as("each read starts the clock again").isTrue();
        p.advance(Duration.ofSeconds(6));
        assertThat(p.client.isOpen()).isFalse();
    }

    @Test
    void aResponseBodyThatStallsEndsTheExchange() {
        p = new EmbeddedProxy("s1");
        p.send(get("/a", "k"));
        p.reply(0, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345");
        p.advance(EmbeddedProxy.RESPONSE_TIMEOUT.minusSeconds(1));
        p.reply(0, "678");
        p.advance(EmbeddedProxy.RESPONSE_TIMEOUT.minusSeconds(1));
        assertThat(p.client.isOpen()).as("each piece restarts the clock").isTrue();
        p.advance(Duration.ofSeconds(2));
        assertThat(p.received()).endsWith("12345678");
        assertThat(p.client.isOpen()).as("a stalled body cuts the client off").isFalse();
    }

    @Test
    void aBodyPieceOverTheClientsWriteMarkIsFlushedBeforeItCountsAsBackPressure() {
        p = new EmbeddedProxy("s1");
        p.send(get("/big", "k"));
        int piece = 100 * 1024; // over the client channel's 64 KiB high write-buffer mark in one read
        EmbeddedChannel replica = p.backends.get(0);
        // Reads without their read-complete (which flushes, and would undo a pause at once).
        replica.pipeline().fireChannelRead(Unpooled.copiedBuffer("HTTP/1.1 200 OK\r\nContent-Length: " + 2 * piece + "\r\n\r\n",
                StandardCharsets.ISO_8859_1));
        replica.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[piece]));
        assertThat(replica.config().isAutoRead()).as("the client's socket took it all: reads go on, no epoll_ctl").isTrue();
        assertThat(p.client.isWritable()).isTrue();
        replica.pipeline().fireChannelRead(Unpooled.wrappedBuffer(new byte[piece]));
        replica.pipeline().fireChannelReadComplete();
        assertThat(p.received()).startsWith("HTTP/1.1 200 ").hasSizeGreaterThan(2 * piece);
    }

    @Test
    void aWebSocketUpgradeBecomesATunnel() {
        p = new EmbeddedProxy("s1");
        p.send("GET /ws HTTP/1.1\r\nHost: lb\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\n\r\n");
        assertThat(p.backendGot(0)).contains("Upgrade: websocket\r\n", "connection: upgrade\r\n");
        p.reply(0, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\u0081\u0002hi");
        assertThat(p.received()).startsWith("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n")
                .endsWith("\r\n\r\n\u0081\u0002hi");
        p.send("\u0081\u0003bye");
        assertThat(p.backendGot(0)).isEqualTo("\u0081\u0003bye");
        p.backends.get(0).close();
        p.client.runPendingTasks();
        assertThat(p.client.isOpen()).isFalse();
    }

    @Test
    void anUnaskedSwitchIsA502() {
        p = new EmbeddedProxy("s1");
        p.send(get("/a", "k"));
        p.reply(0, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n");
        assertThat(p.received()).startsWith("HTTP/1.1 502 ");
    }

    @Test
    void anHttp10ReplyGoesOutAsHttp11() {
        p = new EmbeddedProxy("s1");
        p.send(get("/a", "k"));
        p.reply(0, "HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok");
        assertThat(p.received()).startsWith("HTTP/1.1 200 OK\r\n");
    }

    @Test
    void aChunkedGzipReplyCannotReachAnHttp10Client() {
        p = new EmbeddedProxy("s1");
        p.send("GET /a HTTP/1.0\r\nHost: lb\r\n\r\n");
        p.reply(0, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n2\r\nxx\r\n0\r\n\r\n");
        assertThat(p.received()).startsWith("HTTP/1.1 502 ").contains("HTTP/1.0 client");
    }

    @Test
    void drainingClosesIdleConnectionsAndSaysCloseOnBusyOnes() {
        p = new EmbeddedProxy("s1");
        p.send(get("/a", "k"));
        p.drain();
        p.reply(0, OK);
        assertThat(p.received()).contains("connection: close\r\n").endsWith("ok");
        p.client.runPendingTasks();
        assertThat(p.client.isOpen()).isFalse();
        p.close();
        p = new EmbeddedProxy("s1");
        p.drain();
        p.client.runPendingTasks();
        assertThat(p.client.isOpen()).as("an idle connection closes at once").isFalse();
    }
}
