package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Size and time limits on what a client sends: an oversized request line (414), header block or
 * field count (431), body (413), a head that trickles in (408), a connection that sends nothing.
 * Each refusal is the failure JSON with {@code Connection: close}, and nothing reaches the
 * replica. Requests just inside each limit pass.
 */
class RequestLimitsIT extends OneBackendAttackBase<RecordingBackend> {

    static final int MAX_LINE = 4096;
    static final int MAX_HEADER = 8192;
    static final int MAX_FIELDS = 50;
    static final int MAX_BODY = 65536;
    static final long HEADER_TIMEOUT_MS = 2000;
    static final long IDLE_TIMEOUT_MS = 4000;

    @Override
    RecordingBackend newBackend() throws IOException {
        return new RecordingBackend();
    }

    @Override
    List<String> options() {
        return List.of("--max-request-line", String.valueOf(MAX_LINE), "--max-header-size", String.valueOf(MAX_HEADER),
                "--max-header-count", String.valueOf(MAX_FIELDS), "--max-request-body", String.valueOf(MAX_BODY),
                "--request-header-timeout", HEADER_TIMEOUT_MS + "ms", "--client-idle-timeout", IDLE_TIMEOUT_MS + "ms");
    }

    /** A GET whose request line is {@code lineLength} bytes long, CRLF excluded. */
    private static String getWithLine(String id, int lineLength) {
        String prefix = "GET /l-" + id + "?q=";
        String suffix = " HTTP/1.1";
        return prefix + "a".repeat(lineLength - prefix.length() - suffix.length()) + suffix + "\r\nHost: x\r\n\r\n";
    }

    private void assertServed(String what, Attacker.Exchange ex) {
        assertThat(ex.response()).as("%s: %s", what, ex).isNotNull();
        assertThat(ex.response().status()).as("%s: %s", what, ex).isEqualTo(200);
    }

    @Test
    void aRequestLineOverTheLimitIs414() throws Exception {
        String id = Attacker.id();
        assertServed("a request line of " + (MAX_LINE - 100) + " bytes", attacker.send(getWithLine(id, MAX_LINE - 100), 100));
        String over = Attacker.id();
        Attacker.assertRefused("a request line of " + (MAX_LINE + 100) + " bytes", attacker.send(getWithLine(over, MAX_LINE + 100), 1500), 414);
        Attacker.assertNothingReached("request line", backend, over);
    }

    @Test
    void aHeaderBlockOverTheLimitIs431() throws Exception {
        String ok = Attacker.id();
        assertServed("a header block of about " + (MAX_HEADER - 1000) + " bytes",
                attacker.send("GET /h-" + ok + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(MAX_HEADER - 1000) + "\r\n\r\n", 100));
        String big = Attacker.id();
        Attacker.assertRefused("one field of " + (MAX_HEADER + 100) + " bytes",
                attacker.send("GET /h-" + big + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(MAX_HEADER + 100) + "\r\n\r\n", 1500), 431);
        String many = Attacker.id();
        StringBuilder fields = new StringBuilder();
        for (int i = 0; fields.length() < MAX_HEADER + 100; i++) {
            fields.append("X-F").append(i).append(": ").append("v".repeat(40)).append("\r\n");
        }
        Attacker.assertRefused("fields of " + fields.length() + " bytes in all, each small",
                attacker.send("GET /h-" + many + " HTTP/1.1\r\nHost: x\r\n" + fields + "\r\n", 1500), 431);
        Attacker.assertNothingReached("header block", backend, big);
        Attacker.assertNothingReached("header block", backend, many);
    }

    @Test
    void moreFieldsThanTheLimitIs431() throws Exception {
        String ok = Attacker.id();
        assertServed((MAX_FIELDS - 10) + " fields", attacker.send("GET /c-" + ok + " HTTP/1.1\r\nHost: x\r\n" + fields(MAX_FIELDS - 11) + "\r\n", 100));
        String over = Attacker.id();
        Attacker.assertRefused((MAX_FIELDS + 10) + " fields",
                attacker.send("GET /c-" + over + " HTTP/1.1\r\nHost: x\r\n" + fields(MAX_FIELDS + 9) + "\r\n", 1500), 431);
        Attacker.assertNothingReached("field count", backend, over);
    }

    private static String fields(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("X-F").append(i).append(": 1\r\n");
        }
        return b.toString();
    }

    /** RFC 9110 §15.5.14: refused from the Content-Length alone, before any of the body is sent. */
    @Test
    void aContentLengthOverTheLimitIs413AtOnce() throws Exception {
        String ok = Attacker.id();
        assertServed("a body of exactly the limit", attacker.send("POST /b-" + ok + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + MAX_BODY
                + "\r\n\r\n" + "b".repeat(MAX_BODY), 100));
        String over = Attacker.id();
        Attacker.assertRefused("Content-Length one over the limit, body never sent",
                attacker.send("POST /b-" + over + " HTTP/1.1\r\nHost: x\r\nContent-Length: " + (MAX_BODY + 1) + "\r\n\r\n", 1500), 413);
        Attacker.assertNothingReached("Content-Length over the limit", backend, over);
    }

    @Test
    void aChunkedBodyIs413WhenItCrossesTheLimit() throws Exception {
        String over = Attacker.id();
        try (Socket s = RawHttp.connect(lb.url(""))) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /b-" + over + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String chunk = "4000\r\n" + "c".repeat(0x4000) + "\r\n"; // 16 KiB
            for (int i = 0; i < MAX_BODY / 0x4000 + 1; i++) { // one chunk past the limit, and no last chunk
                out.write(chunk.getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
            Attacker.assertRefused("a chunked body crossing the limit", Attacker.readExchange(s, false, 1500), 413);
        }
        Attacker.assertNothingReached("chunked body over the limit", backend, over);
    }

    /** Slowloris: one byte a second keeps the idle timeout away, not the head timeout. */
    @Test
    void aHeadTricklingInIs408AfterTheHeaderTimeout() throws Exception {
        String id = Attacker.id();
        byte[] head = ("GET /s-" + id + " HTTP/1.1\r\nHost: x\r\nX-Padding: " + "p".repeat(40) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        try (Socket s = RawHttp.connect(lb.url(""))) {
            s.setSoTimeout((int) (HEADER_TIMEOUT_MS + 4000));
            AtomicBoolean stop = new AtomicBoolean();
            long t0 = System.nanoTime();
            Thread trickle = new Thread(() -> {
                try {
                    for (int i = 0; i < head.length && !stop.get(); i++) {
                        s.getOutputStream().write(head[i]);
                        s.getOutputStream().flush();
                        Thread.sleep(1000);
                    }
                } catch (Exception e) {
                    // the balancer closed the connection: expected
                }
            });
            trickle.setDaemon(true);
            trickle.start();
            Attacker.Exchange ex = Attacker.readExchange(s, false, 1500);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            stop.set(true);
            Attacker.assertRefused("a head at one byte a second", ex, 408);
            assertThat(ms).as("ms from the first byte to the 408 (header timeout %d ms)", HEADER_TIMEOUT_MS)
                    .isBetween(HEADER_TIMEOUT_MS - 200, HEADER_TIMEOUT_MS + 2500);
        }
        Attacker.assertNothingReached("slowloris", backend, id);
    }

    @Test
    void aConnectionThatSendsNothingIsClosed() throws Exception {
        try (Socket s = RawHttp.connect(lb.url(""))) {
            s.setSoTimeout((int) (IDLE_TIMEOUT_MS + 3000));
            long t0 = System.nanoTime();
            byte[] got;
            try {
                got = s.getInputStream().readAllBytes(); // until the balancer closes
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("a connection that sent nothing is still open after " + s.getSoTimeout() + " ms", e);
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            String text = new String(got, StandardCharsets.ISO_8859_1);
            assertThat(text).as("a connection that never sent a byte gets nothing, or a 408").matches("(?s)|HTTP/1\\.1 408 .*");
            assertThat(ms).as("ms until closed (header timeout %d, idle timeout %d)", HEADER_TIMEOUT_MS, IDLE_TIMEOUT_MS)
                    .isBetween(Math.min(HEADER_TIMEOUT_MS, IDLE_TIMEOUT_MS) - 200, IDLE_TIMEOUT_MS + 2500);
        }
    }
}
