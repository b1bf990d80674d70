package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The proxy where HTTP gets unusual: informational responses, broken bodies, stalled clients. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyEdgeCasesIT {

    private final Http http = new Http();
    private RawBackend backend;
    private RinglbProcess lb;

    @BeforeAll
    void start() throws Exception {
        backend = new RawBackend();
        lb = RinglbProcess.start("--provisioner", "static", "--backends", "raw=127.0.0.1:" + backend.port(),
                "--client-idle-timeout", "1s");
    }

    @AfterAll
    void stop() throws Exception {
        lb.close();
        backend.close();
    }

    @Test
    void anEarlyHintIsDroppedAndTheFinalResponseArrives() {
        for (int i = 0; i < 3; i++) { // the replica connection stays usable
            Http.Response r = http.get(lb.url("/hints"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("hints");
        }
    }

    @Test
    void aBrokenChunkIsABadRequestNotATruncatedOne() throws Exception {
        try (Socket s = RawHttp.connect(lb.url(""))) {
            String req = "POST /hints HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nZZ\r\nmore\r\n0\r\n\r\n";
            s.getOutputStream().write(req.getBytes(StandardCharsets.US_ASCII));
            String resp = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(resp).startsWith("HTTP/1.1 400").contains("Bad request body");
        }
    }

    @Test
    void aStalledUploadIsClosedAfterTheIdleTimeout() throws Exception {
        try (Socket s = RawHttp.connect(lb.url(""))) {
            s.getOutputStream().write("POST /hints HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789"
                    .getBytes(StandardCharsets.US_ASCII));
            long t0 = System.nanoTime();
            InputStream in = s.getInputStream();
            while (in.read() >= 0) {
                // whatever the replica answered early; then the end of the stream
            }
            assertThat((System.nanoTime() - t0) / 1_000_000).as("ms until closed").isBetween(500L, 5000L);
        }
    }

    @Test
    void anAdminRequestWhoseBodyNeverComesIsClosedToo() throws Exception {
        try (Socket s = RawHttp.connect(lb.url(""))) {
            s.getOutputStream().write("POST /add HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n{\"n\"".getBytes(StandardCharsets.US_ASCII));
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(http.get(lb.url("/rep")).status()).isEqualTo(200);
    }
}
