package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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

    /**
     * A client that asks for a response and to close after it, and never reads: once the sockets
     * are full, the rest of the response waits in the balancer. If the replica has sent it all,
     * the exchange is over and the connection only waits for its last bytes to go out; the idle
     * timeout must close it then too, as it does one whose response is still streaming.
     *
     * <p>How much the sockets take depends on the kernel's buffer sizing (about 4 MB here, give or
     * take 80 KB from one connection to the next), so a first client measures it: it asks for far
     * more, and after the timeout it gets what the sockets held. Responses around that size then
     * include some that end with bytes waiting in the balancer. After the timeout, the balancer's
     * side of every one of these connections must be closed, which {@code ss} shows (a socket
     * closed with bytes still to send is in FIN-WAIT-1, no longer ESTABLISHED).
     */
    @Test
    void aClosingConnectionWhoseClientStoppedReadingIsClosedAfterTheIdleTimeout() throws Exception {
        int held;
        try (Socket probe = askAndDoNotRead(8 << 20)) {
            Thread.sleep(2500);
            held = probe.getInputStream().readAllBytes().length;
            assertThat(held).as("what the sockets held, then closed").isBetween(1, 8 << 20);
        }
        int step = 8 * 1024;
        List<Socket> clients = new ArrayList<>();
        try {
            for (int size = held - 16 * step; size <= held + 48 * step; size += step) {
                clients.add(askAndDoNotRead(size));
            }
            Thread.sleep(2500); // past the 1 s idle timeout
            Set<Integer> ports = new HashSet<>();
            for (Socket c : clients) {
                ports.add(c.getLocalPort());
            }
            assertThat(establishedFrom(URI.create(lb.url("")).getPort())).as("the balancer's side still open, by client port")
                    .doesNotContainAnyElementsOf(ports);
        } finally {
            for (Socket c : clients) {
                c.close();
            }
        }
    }

    /** The peer ports of this machine's established TCP connections whose local port is {@code port}. */
    private static Set<Integer> establishedFrom(int port) throws Exception {
        Process ss = new ProcessBuilder("ss", "-Htn", "state", "established", "( sport = :" + port + " )")
                .redirectErrorStream(true).start();
        String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(ss.waitFor()).as("ss: " + out).isZero();
        Set<Integer> peers = new HashSet<>();
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 4) {
                peers.add(Integer.parseInt(f[3].substring(f[3].lastIndexOf(':') + 1)));
            }
        }
        return peers;
    }

    private Socket askAndDoNotRead(int size) throws Exception {
        Socket s = RawHttp.connect(lb.url(""));
        s.getOutputStream().write(("GET /big/" + size + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return s;
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
