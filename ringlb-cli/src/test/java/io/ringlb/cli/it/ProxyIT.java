package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.CRC32;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The proxy path against backends ringlb did not start ({@code --provisioner static}): streaming
 * in both directions, forwarding headers, connection reuse, pipelining, HTTP/1.0, timeouts.
 * The balancer runs with a 256 MB heap, so a 300 MB body can only pass if it is streamed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyIT {

    private static final long MIB = 1 << 20;
    private final Http http = new Http();
    private TestBackend b1;
    private TestBackend b2;
    private RinglbProcess lb;

    @BeforeAll
    void start() throws Exception {
        b1 = TestBackend.start("b1");
        b2 = TestBackend.start("b2");
        lb = RinglbProcess.start("--provisioner", "static", "--backends", b1.spec() + "," + b2.spec(),
                "--hash-key", "header:X-Key,random", "--response-timeout", "1s", "--heartbeat-interval", "200ms");
    }

    @AfterAll
    void stop() throws Exception {
        lb.close();
        b1.close();
        b2.close();
    }

    @Test
    void aLargeUploadStreamsThrough() throws Exception {
        long size = 300 * MIB;
        HttpRequest req = HttpRequest.newBuilder(URI.create(lb.url("/digest")))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new PatternStream(size)))
                .timeout(Duration.ofSeconds(60)).build();
        HttpResponse<String> r = http.client().send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(size + " " + countAndCrc(new PatternStream(size))[1]);
    }

    @Test
    void aLargeDownloadStreams() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(lb.url("/big?mb=300"))).timeout(Duration.ofSeconds(60)).build();
        HttpResponse<InputStream> r = http.client().send(req, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-served-by")).isPresent();
        try (InputStream in = r.body()) {
            assertThat(countAndCrc(in)[0]).isEqualTo(300 * MIB);
        }
    }

    @Test
    void forwardingHeadersAreAddedAndHopByHopOnesDropped() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(lb.url("/headers")))
                .header("X-Forwarded-For", "10.1.2.3")
                .header("X-Custom", "kept")
                .build();
        HttpResponse<String> r = http.client().send(req, HttpResponse.BodyHandlers.ofString());
        var h = Http.JSON.readTree(r.body());
        assertThat(h.path("x-forwarded-for").asText()).isEqualTo("10.1.2.3, 127.0.0.1");
        assertThat(h.path("x-forwarded-proto").asText()).isEqualTo("http");
        assertThat(h.path("x-custom").asText()).isEqualTo("kept");
        assertThat(r.headers().firstValue("x-served-by").orElseThrow()).isIn("b1", "b2");
    }

    @Test
    void theSameKeyStaysOnOneBackend() {
        String first = http.get(lb.url("/home"), "X-Key", "user-42").servedBy();
        for (int i = 0; i < 20; i++) {
            assertThat(http.get(lb.url("/home"), "X-Key", "user-42").servedBy()).isEqualTo(first);
        }
    }

    @Test
    void backendConnectionsAreReused() {
        int before = b1.connections().size() + b2.connections().size();
        for (int i = 0; i < 300; i++) {
            assertThat(http.get(lb.url("/home")).status()).isEqualTo(200);
        }
        int opened = b1.connections().size() + b2.connections().size() - before;
        // One client connection, sequential requests: at most one connection per backend and event loop.
        assertThat(opened).isLessThanOrEqualTo(4);
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        try (Socket s = RawHttp.connect(lb.url(""))) {
            String three = "GET /seq?n=1 HTTP/1.1\r\nHost: x\r\nX-Key: a\r\n\r\n"
                    + "GET /seq?n=2 HTTP/1.1\r\nHost: x\r\nX-Key: b\r\n\r\n"
                    + "GET /seq?n=3 HTTP/1.1\r\nHost: x\r\nX-Key: c\r\n\r\n";
            s.getOutputStream().write(three.getBytes(StandardCharsets.US_ASCII));
            String all = RawHttp.readUntil(s.getInputStream(), "n=", 3) + RawHttp.readUntil(s.getInputStream(), "", 1);
            int i1 = all.indexOf("n=1");
            int i2 = all.indexOf("n=2");
            int i3 = all.indexOf("n=3");
            assertThat(i1).isPositive();
            assertThat(i2).isGreaterThan(i1);
            assertThat(i3).isGreaterThan(i2);
        }
    }

    @Test
    void anEarlyResponseLeavesTheClientConnectionUsable() throws Exception {
        try (Socket s = RawHttp.connect(lb.url(""))) {
            var out = s.getOutputStream();
            int size = 200_000;
            out.write(("POST /early HTTP/1.1\r\nHost: x\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[10_000]);
            out.flush();
            String first = RawHttp.readUntil(s.getInputStream(), "early", 1);
            assertThat(first).startsWith("HTTP/1.1 200").doesNotContainIgnoringCase("connection: close");
            out.write(new byte[size - 10_000]); // the rest of the body, after the answer
            out.write("GET /seq?n=after HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(RawHttp.readUntil(s.getInputStream(), "n=after", 1)).contains("200 OK");
        }
        assertThat(http.get(lb.url("/home")).status()).isEqualTo(200);
    }

    @Test
    void anHttp10ClientGetsItsAnswerAndAClose() throws Exception {
        String resp = RawHttp.exchangeUntilClose(lb.url(""), "GET /home HTTP/1.0\r\n\r\n");
        assertThat(resp).startsWith("HTTP/1.").contains("Hello from Server: b");
        String big = RawHttp.exchangeUntilClose(lb.url(""), "GET /big?mb=1 HTTP/1.0\r\n\r\n");
        assertThat(big).doesNotContainIgnoringCase("transfer-encoding: chunked");
        assertThat(big.length() - big.indexOf("\r\n\r\n") - 4).isEqualTo((int) MIB);
    }

    @Test
    void aSlowBackendGets504AfterTheResponseTimeout() {
        Http.Response r = http.get(lb.url("/slow"));
        assertThat(r.status()).isEqualTo(504);
        assertThat(r.outcome()).isEqualTo("failure");
        assertThat(r.message()).contains("did not respond within 1000 ms");
        assertThat(http.get(lb.url("/home")).status()).isEqualTo(200);
    }

    @Test
    void aBackendsOwn404BecomesTheContracts400() {
        Http.Response r = http.get(lb.url("/missing?q=1"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.message()).isEqualTo("<Error> '/missing' endpoint does not exist in server replicas");
    }

    @Test
    void aClientThatHangsUpMidResponseHarmsNobody() throws Exception {
        try (Socket s = RawHttp.connect(lb.url(""))) {
            s.getOutputStream().write("GET /big?mb=50 HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readNBytes(100_000);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(http.get(lb.url("/home")).status()).isEqualTo(200);
        }
    }

    @Test
    void expect100ContinueWorks() throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(lb.url("/echo"))).expectContinue(true)
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build();
        HttpResponse<String> r = http.client().send(req, HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello");
    }

    @Test
    void staticBackendsAreAddedWithAnAddressAndRemovedByName() throws Exception {
        try (TestBackend b3 = TestBackend.start("b3")) {
            Http.Response missing = http.post(lb.url("/add"), "{\"n\": 1, \"hostnames\": [\"b3\"]}");
            assertThat(missing.status()).isEqualTo(400);
            assertThat(missing.message()).contains("need an address each");
            Http.Response added = http.post(lb.url("/add"), "{\"n\": 1, \"hostnames\": [\"b3\"], \"addresses\": [\"127.0.0.1:" + b3.port() + "\"]}");
            assertThat(added.status()).as(added.body()).isEqualTo(200);
            assertThat(added.body()).contains("\"b3\"");
            Http.Response removed = http.delete(lb.url("/rm"), "{\"n\": 1, \"hostnames\": [\"b3\"]}");
            assertThat(removed.status()).isEqualTo(200);
            assertThat(removed.body()).doesNotContain("\"b3\"");
        }
    }

    private static long[] countAndCrc(InputStream in) throws java.io.IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[64 * 1024];
        long n = 0;
        int r;
        while ((r = in.read(buf)) >= 0) {
            crc.update(buf, 0, r);
            n += r;
        }
        return new long[] {n, crc.getValue()};
    }

    /** {@code size} bytes of a repeating pattern, generated on the fly. */
    static final class PatternStream extends InputStream {
        private final long size;
        private long pos;

        PatternStream(long size) {
            this.size = size;
        }

        @Override
        public int read() {
            return pos < size ? (int) (pos++ * 31 & 0xFF) : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) (pos++ * 31 & 0xFF);
            }
            return n;
        }
    }
}
