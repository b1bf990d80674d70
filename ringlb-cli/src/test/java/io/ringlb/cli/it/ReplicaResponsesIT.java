package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Replica responses as bytes on the wire: how each framing reaches the client, what is edited on
 * the way, and what is refused. Every request goes over a raw socket, so nothing is hidden.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplicaResponsesIT {

    private RawBackend backend;
    private RinglbProcess lb;

    @BeforeAll
    void start() throws Exception {
        backend = new RawBackend();
        lb = RinglbProcess.start("--provisioner", "static", "--backends", "raw=127.0.0.1:" + backend.port());
    }

    @AfterAll
    void stop() throws Exception {
        lb.close();
        backend.close();
    }

    /** Sends each request on one connection and reads {@code responses} responses of known shape. */
    private String onOneConnection(String marker, int count, String... requests) throws Exception {
        try (Socket s = RawHttp.connect(lb.url(""))) {
            for (String r : requests) {
                s.getOutputStream().write(r.getBytes(StandardCharsets.US_ASCII));
            }
            return RawHttp.readUntil(s.getInputStream(), marker, count);
        }
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
    }

    @Test
    void aChunkedBodyPassesWithItsFramingAndTrailer() throws Exception {
        String resp = onOneConnection("X-Checksum: 42\r\n\r\n", 2, get("/chunked"), get("/chunked"));
        assertThat(resp).startsWith("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nx-served-by: raw\r\n\r\n"
                + "5\r\nhello\r\n6;x=y\r\n world\r\n0\r\nX-Checksum: 42\r\n\r\nHTTP/1.1 200 OK\r\n");
    }

    @Test
    void anHttp10ClientGetsAChunkedBodyDechunkedAndThenTheClose() throws Exception {
        String resp = RawHttp.exchangeUntilClose(lb.url(""), "GET /chunked HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(resp).isEqualTo("HTTP/1.1 200 OK\r\nx-served-by: raw\r\nconnection: close\r\n\r\nhello world");
    }

    @Test
    void anHttp10KeepAliveClientIsToldItsConnectionStays() throws Exception {
        String resp = onOneConnection("hints", 2, "GET /hints HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
                "GET /hints HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        assertThat(resp).isEqualTo(("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nx-served-by: raw\r\nconnection: keep-alive\r\n\r\nhints").repeat(2));
    }

    @Test
    void aHeadSplitIntoSingleBytesArrivesWhole() throws Exception {
        String resp = onOneConnection("trickle", 2, get("/trickle"), get("/trickle"));
        assertThat(resp).isEqualTo("HTTP/1.1 200 OK\r\nX-Slow: yes\r\nContent-Length: 7\r\nx-served-by: raw\r\n\r\ntrickle".repeat(2));
    }

    @Test
    void aBodyThatEndsWithTheReplicasConnectionEndsTheClientsToo() throws Exception {
        String resp = RawHttp.exchangeUntilClose(lb.url(""), get("/until-close"));
        assertThat(resp).isEqualTo("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nx-served-by: raw\r\nconnection: close\r\n\r\nto the end");
    }

    @Test
    void aMalformedHeadIsABadGateway() throws Exception {
        String resp = RawHttp.exchangeUntilClose(lb.url(""), get("/bad-head") + "GET /hints HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertThat(resp).startsWith("HTTP/1.1 502").contains("\"status\":\"failure\"").contains("malformed response head")
                .as("the client connection stays for the next request").endsWith("hints");
    }

    @Test
    void aBrokenChunkCutsTheClientOffRatherThanPassAsWhole() throws Exception {
        String resp = RawHttp.exchangeUntilClose(lb.url(""), get("/broken-chunk"));
        // The head may or may not have left before the break was seen; the end never does.
        assertThat(resp).doesNotContain("abcdef").doesNotContain("0\r\n\r\n");
    }

    @Test
    void bytesAfterAResponseAreNotTakenForTheNextOne() throws Exception {
        String resp = onOneConnection("hints", 1, get("/extra"), get("/hints"));
        assertThat(resp).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-served-by: raw\r\n\r\nok"
                + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nx-served-by: raw\r\n\r\nhints");
        for (int i = 0; i < 3; i++) {
            assertThat(onOneConnection("hints", 1, get("/hints"))).doesNotContain("stale").endsWith("hints");
        }
    }

    @Test
    void aConnectionFieldCannotTakeAwayTheFraming() throws Exception {
        String resp = onOneConnection("hints", 1, get("/named-length"), get("/hints"));
        assertThat(resp).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nx-served-by: raw\r\n\r\nok"
                + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nx-served-by: raw\r\n\r\nhints");
    }

    @Test
    void aReplicaThatSpeaksAfterAnEarlyResponseIsNotReused() throws Exception {
        try (Socket s = RawHttp.connect(lb.url(""))) {
            s.getOutputStream().write("POST /early-then-stray HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n01234"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertThat(RawHttp.readUntil(in, "early", 1)).startsWith("HTTP/1.1 200 OK\r\n");
            Thread.sleep(600); // the replica's stray response has arrived by now
            int connections = backend.accepted();
            s.getOutputStream().write(("56789" + get("/hints")).getBytes(StandardCharsets.US_ASCII));
            assertThat(RawHttp.readUntil(in, "hints", 1)).as("the next request on this loop").startsWith("HTTP/1.1 200 OK\r\n");
            assertThat(backend.accepted()).as("it went on a new replica connection").isEqualTo(connections + 1);
        }
    }

    @Test
    void bodylessAnswersEndAtTheirHead() throws Exception {
        String resp = onOneConnection("\r\n\r\n", 3, "HEAD /hints HTTP/1.1\r\nHost: x\r\n\r\n", get("/no-content"), get("/plain"));
        assertThat(resp).isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nx-served-by: raw\r\n\r\n"
                + "HTTP/1.1 204 No Content\r\nx-served-by: raw\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nx-served-by: raw\r\n\r\n");
    }

    @Test
    void theBalancersOwnAnswerToAHeadRequestHasNoBody() throws Exception {
        try (Socket s = RawHttp.connect(lb.url(""))) {
            s.getOutputStream().write(("HEAD /missing HTTP/1.1\r\nHost: x\r\n\r\n" + get("/hints")).getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String resp = RawHttp.readUntil(in, "hints", 1);
            assertThat(resp).startsWith("HTTP/1.1 400 Bad Request\r\n").contains("content-length: ")
                    .contains("\r\n\r\nHTTP/1.1 200 OK\r\n").doesNotContain("endpoint does not exist");
        }
    }
}
