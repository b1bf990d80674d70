package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests the proxy passes on, but only after putting them right (the decisions table's
 * "normalised, not refused"): a {@code Connection} field naming the framing or {@code Host},
 * absolute-form targets, HTTP/1.0 without {@code Host}, {@code Expect: 100-continue}, an h2c
 * {@code Upgrade}; and a websocket, proxied end to end. Then the response-queue poisoning of
 * issue 9: a slow request whose {@code Connection} names its framing, on a replica connection
 * that other clients share.
 */
class RequestNormalisationIT extends OneBackendAttackBase<RecordingBackend> {

    @Override
    RecordingBackend newBackend() throws IOException {
        return new RecordingBackend();
    }

    @Override
    List<String> options() {
        return List.of("--io-threads", "1"); // one event loop: every client shares one pool of replica connections
    }

    /** The one request with {@code target} in its target that reached the replica, asserting there is exactly one and it is whole. */
    private RecordingBackend.Request reachedOnce(String what, String target) {
        List<RecordingBackend.Request> reached = backend.withTarget(target);
        assertThat(reached).as("%s: requests with %s in their target at the replica: %s", what, target,
                reached.stream().map(RecordingBackend.Request::raw).toList()).hasSize(1);
        assertThat(reached.get(0).complete()).as("%s: the request arrived whole: %s", what, reached.get(0).raw()).isTrue();
        return reached.get(0);
    }

    private static void assertOk(String what, Attacker.Exchange ex, String echo) {
        assertThat(ex.response()).as("%s: %s", what, ex).isNotNull();
        assertThat(ex.response().status()).as("%s: %s", what, ex).isEqualTo(200);
        assertThat(ex.response().text()).as("%s: the replica's echo; %s", what, ex).endsWith(echo);
    }

    /** RFC 9110 §7.6.1: Connection names hop-by-hop fields, but never the framing a proxy relies on. */
    @ParameterizedTest(name = "Connection: {0}")
    @ValueSource(strings = {"Content-Length", "content-length", "close, Content-Length", "keep-alive, Content-Length, Host"})
    void aConnectionFieldCannotRemoveContentLength(String option) throws Exception {
        String id = Attacker.id();
        String body = RequestFramingAttackIT.SMUGGLED.replace("{id}", id);
        Attacker.Exchange ex = attacker.send("POST /n-" + id + " HTTP/1.1\r\nHost: x\r\nConnection: " + option
                + "\r\nContent-Length: " + body.length() + "\r\n\r\n" + body, 1000);
        assertOk("Connection: " + option, ex, "POST /n-" + id);
        RecordingBackend.Request r = reachedOnce("Connection: " + option, "/n-" + id);
        assertThat(r.headers("content-length")).as("Content-Length at the replica: %s", r.raw()).containsExactly(String.valueOf(body.length()));
        assertThat(r.bodyText()).as("the body at the replica").isEqualTo(body);
        assertThat(r.headers("host")).as("Host at the replica").containsExactly("x");
        assertThat(backend.withTarget("/smuggled-" + id)).as("a second request made of the body").isEmpty();
        if (option.startsWith("close")) {
            assertThat(ex.response().connectionSays("close")).as("the client asked to close: %s", ex).isTrue();
            assertThat(ex.closedAfter()).as("the client asked to close: %s", ex).isTrue();
        }
    }

    @ParameterizedTest(name = "Connection: {0}")
    @ValueSource(strings = {"Transfer-Encoding", "close, transfer-encoding"})
    void aConnectionFieldCannotRemoveTransferEncoding(String option) throws Exception {
        String id = Attacker.id();
        String smuggled = RequestFramingAttackIT.SMUGGLED.replace("{id}", id);
        String chunked = Integer.toHexString(smuggled.length()) + "\r\n" + smuggled + "\r\n0\r\n\r\n";
        Attacker.Exchange ex = attacker.send("POST /n-" + id + " HTTP/1.1\r\nHost: x\r\nConnection: " + option
                + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked, 1000);
        assertOk("Connection: " + option, ex, "POST /n-" + id);
        RecordingBackend.Request r = reachedOnce("Connection: " + option, "/n-" + id);
        assertThat(r.bodyText()).as("the body at the replica (raw %s)", r.raw()).isEqualTo(smuggled);
        assertThat(backend.withTarget("/smuggled-" + id)).as("a second request made of the body").isEmpty();
    }

    /** RFC 9112 §3.2.2: a proxy that forwards absolute-form sends origin-form and the target's authority as Host. */
    @Test
    void anAbsoluteFormTargetBecomesOriginFormWithItsHost() throws Exception {
        String id = Attacker.id();
        Attacker.Exchange ex = attacker.send("GET http://h.example:81/a-" + id + "?q=1 HTTP/1.1\r\nHost: other\r\n\r\n", 1000);
        assertOk("absolute-form", ex, "GET /a-" + id + "?q=1");
        RecordingBackend.Request r = reachedOnce("absolute-form", "/a-" + id);
        assertThat(r.target()).as("target at the replica").isEqualTo("/a-" + id + "?q=1");
        assertThat(r.headers("host")).as("Host from the target, replacing the client's").containsExactly("h.example:81");
    }

    /** RFC 9112 §3.2: an HTTP/1.1 request must carry Host; the proxy supplies the replica's for a 1.0 client. */
    @Test
    void anHttp10RequestWithoutHostGetsTheReplicasHost() throws Exception {
        String id = Attacker.id();
        Attacker.Exchange ex = attacker.send("GET /h-" + id + " HTTP/1.0\r\n\r\n", 1000);
        assertOk("HTTP/1.0 without Host", ex, "GET /h-" + id);
        assertThat(ex.response().statusLine()).startsWith("HTTP/1.1 ");
        assertThat(ex.closedAfter()).as("a 1.0 client without keep-alive: the connection closes").isTrue();
        RecordingBackend.Request r = reachedOnce("HTTP/1.0 without Host", "/h-" + id);
        assertThat(r.version()).as("version at the replica: %s", r.raw()).isEqualTo("HTTP/1.1");
        assertThat(r.headers("host")).as("Host at the replica: %s", r.raw()).containsExactly("127.0.0.1:" + backend.port());
    }

    /** RFC 9110 §10.1.1: the proxy answers 100 itself; the replica gets the body and no expectation. */
    @Test
    void expect100ContinueIsAnsweredAndTheBodyPassesOn() throws Exception {
        String id = Attacker.id();
        try (Socket s = RawHttp.connect(lb.url(""))) {
            OutputStream out = s.getOutputStream();
            out.write(("POST /e-" + id + " HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            RawHttp.Response interim = RawHttp.readResponse(s.getInputStream(), false);
            assertThat(interim).as("an interim response before the body is sent").isNotNull();
            assertThat(interim.status()).as("interim: %s", interim).isEqualTo(100);
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
            Attacker.Exchange ex = Attacker.readExchange(s, false, 200);
            assertOk("Expect: 100-continue", ex, "POST /e-" + id);
        }
        RecordingBackend.Request r = reachedOnce("Expect: 100-continue", "/e-" + id);
        assertThat(r.bodyText()).isEqualTo("hello");
        assertThat(r.headers("expect")).as("the expectation was met by the proxy").isEmpty();
    }

    /** RFC 9110 §7.8: a server may ignore Upgrade; the request goes on as plain HTTP/1.1, without it. */
    @Test
    void anH2cUpgradeIsDroppedAndTheRequestServed() throws Exception {
        String id = Attacker.id();
        Attacker.Exchange ex = attacker.send("GET /u-" + id + " HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
                + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n", 300);
        assertOk("Upgrade: h2c", ex, "GET /u-" + id);
        RecordingBackend.Request r = reachedOnce("Upgrade: h2c", "/u-" + id);
        assertThat(r.headers("upgrade")).as("Upgrade at the replica").isEmpty();
        assertThat(r.headers("http2-settings")).as("HTTP2-Settings (named by Connection) at the replica").isEmpty();
        assertThat(r.headers("connection").toString().toLowerCase()).as("Connection at the replica").doesNotContain("upgrade");
    }

    /** RFC 6455 §4: the 101 comes back through the proxy, then frames flow both ways. */
    @Test
    void aWebsocketIsProxiedEndToEnd() throws Exception {
        String id = Attacker.id();
        String key = "dGhlIHNhbXBsZSBub25jZQ==";
        try (Socket s = RawHttp.connect(lb.url(""))) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("GET /ws-" + id + " HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            RawHttp.Response switching = RawHttp.readResponse(in, false);
            assertThat(switching).as("the handshake's answer").isNotNull();
            assertThat(switching.status()).as("handshake: %s", switching).isEqualTo(101);
            assertThat(switching.headers("upgrade")).as("handshake: %s", switching).containsExactly("websocket");
            assertThat(switching.connectionSays("upgrade")).as("handshake: %s", switching).isTrue();
            assertThat(switching.headers("sec-websocket-accept")).containsExactly(RecordingBackend.websocketAccept(key));
            for (String text : List.of("hello", "x".repeat(300), "bye")) {
                out.write(new WebSocketFrame(WebSocketFrame.TEXT, text.getBytes(StandardCharsets.UTF_8)).encode(true));
                WebSocketFrame echo = WebSocketFrame.read(in);
                assertThat(echo).as("the echo of a %d-byte frame", text.length()).isNotNull();
                assertThat(new String(echo.payload(), StandardCharsets.UTF_8)).isEqualTo(text);
            }
            out.write(new WebSocketFrame(WebSocketFrame.CLOSE, new byte[] {3, (byte) 232}).encode(true));
            assertThat(WebSocketFrame.read(in).opcode()).isEqualTo(WebSocketFrame.CLOSE);
            assertThat(RawHttp.closesWithinTimeout(s)).as("the replica closed: so does the client's connection").isTrue();
        }
        RecordingBackend.Request r = reachedOnce("websocket", "/ws-" + id);
        assertThat(r.headers("upgrade")).containsExactly("websocket");
        assertThat(r.headers("sec-websocket-key")).containsExactly(key);
    }

    /**
     * Issue 9's poisoning: a slow POST whose Connection field names its framing, its body a
     * second request. Had the framing been removed, the replica would answer the body as a
     * request after the POST, and the next client to use that pooled connection (one event
     * loop, so one pool) would be handed that answer. Every client must get its own.
     */
    @ParameterizedTest(name = "Connection: {0}")
    @ValueSource(strings = {"Content-Length", "close, Content-Length", "Transfer-Encoding"})
    void aSlowRequestNamingItsFramingCannotPoisonASharedReplicaConnection(String option) throws Exception {
        String id = Attacker.id();
        String smuggled = RequestFramingAttackIT.SMUGGLED.replace("{id}", id);
        String framing = option.endsWith("Transfer-Encoding")
                ? "Transfer-Encoding: chunked\r\n\r\n" + Integer.toHexString(smuggled.length()) + "\r\n" + smuggled + "\r\n0\r\n\r\n"
                : "Content-Length: " + smuggled.length() + "\r\n\r\n" + smuggled;
        String slow = "POST /slow-500/p-" + id + " HTTP/1.1\r\nHost: x\r\nConnection: " + option + "\r\n" + framing;
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<Attacker.Exchange> first = pool.submit(() -> attacker.send(slow, 300));
            List<Future<?>> others = new ArrayList<>();
            for (int c = 0; c < 3; c++) { // while the slow one is served, and after it
                others.add(pool.submit(() -> {
                    attacker.assertClientsGetTheirOwnResponses("Connection: " + option + ", meanwhile", 2);
                    Thread.sleep(400);
                    attacker.assertClientsGetTheirOwnResponses("Connection: " + option + ", after", 2);
                    return null;
                }));
            }
            assertOk("the slow request", first.get(10, TimeUnit.SECONDS), "POST /slow-500/p-" + id);
            for (Future<?> f : others) {
                f.get(20, TimeUnit.SECONDS);
            }
            attacker.assertClientsGetTheirOwnResponses("Connection: " + option + ", at the end", 4);
        } finally {
            pool.shutdownNow();
        }
        assertThat(backend.withTarget("/smuggled-" + id)).as("the body, read by the replica as a request").isEmpty();
    }
}
