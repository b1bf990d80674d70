package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A raw-socket client of one balancer, with the checks every attack test makes: the exact
 * refusal, nothing leaked (descriptors back to their baseline, no exception escaping the
 * pipeline; buffers are checked at paranoid when the balancer stops), and clients that still
 * get their own responses afterwards.
 */
final class Attacker {

    /** One request's fate: the first final response (null if none came), and the connection's after it. */
    record Exchange(RawHttp.Response response, boolean closedAfter, String after) {

        @Override
        public String toString() {
            return (response == null ? "no response" : response.toString())
                    + (closedAfter ? ", then the connection closed" : ", connection left open") + (after.isEmpty() ? "" : ", then: " + after);
        }
    }

    private final RinglbProcess lb;
    private final Set<Integer> backendPorts;
    private FdCensus baseline;

    Attacker(RinglbProcess lb, Integer... backendPorts) {
        this.lb = lb;
        this.backendPorts = Set.of(backendPorts);
    }

    /** A marker unique to one case, to find its requests among those a backend recorded. */
    static String id() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Sends {@code request} (ISO-8859-1, so any byte can be written) on a new connection, reads
     * the first final response (1xx skipped), then waits up to {@code closeWait} ms for the
     * connection to close.
     */
    Exchange send(String request, long closeWait) throws IOException {
        try (Socket s = RawHttp.connect(lb.url(""))) {
            s.setSoTimeout(8000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return readExchange(s, request.startsWith("HEAD "), closeWait);
        }
    }

    /** The first final response on {@code s}, then whether the connection closes within {@code closeWait} ms. */
    static Exchange readExchange(Socket s, boolean head, long closeWait) throws IOException {
        InputStream in = s.getInputStream();
        RawHttp.Response r;
        try {
            do {
                r = RawHttp.readResponse(in, head);
            } while (r != null && r.status() >= 100 && r.status() < 200);
        } catch (SocketTimeoutException e) {
            return new Exchange(null, false, "(nothing within " + s.getSoTimeout() + " ms)");
        }
        if (r == null) {
            return new Exchange(null, true, "");
        }
        s.setSoTimeout((int) Math.max(1, closeWait));
        StringBuilder after = new StringBuilder();
        try {
            int b;
            while ((b = in.read()) >= 0) {
                after.append((char) b);
            }
            return new Exchange(r, true, after.toString());
        } catch (SocketTimeoutException e) {
            return new Exchange(r, false, after.toString());
        } catch (IOException e) {
            return new Exchange(r, true, after + "(" + e.getMessage() + ")");
        }
    }

    /**
     * The refusal the decisions table asks for: exactly {@code status}, the failure JSON,
     * {@code Connection: close}, and the connection closed after it.
     */
    static void assertRefused(String what, Exchange ex, int status) {
        String got = what + ": got " + ex;
        assertThat(ex.response()).as(got).isNotNull();
        assertThat(ex.response().status()).as("status; " + got).isEqualTo(status);
        assertThat(ex.response().text()).as("failure JSON body; " + got).contains("\"status\"").contains("failure").contains("<Error>");
        assertThat(ex.response().connectionSays("close")).as("Connection: close; " + got).isTrue();
        assertThat(ex.closedAfter()).as("connection closed after the refusal; " + got).isTrue();
        assertThat(ex.after()).as("nothing after the refusal; " + got).isEmpty();
    }

    /** That no request the backend read whole carries {@code marker}: nothing of it was passed on. */
    static void assertNothingReached(String what, RecordingBackend backend, String marker) {
        List<RecordingBackend.Request> reached = backend.containing(marker).stream().filter(RecordingBackend.Request::complete).toList();
        assertThat(reached).as(what + ": requests that reached the replica (raw: %s)",
                reached.stream().map(RecordingBackend.Request::raw).toList()).isEmpty();
    }

    /**
     * {@code clients} new connections at once, each with {@code GET /own-<id>-<k>}: each must
     * get a 200 whose echo names its own request (a poisoned replica connection hands a client
     * another's response).
     */
    void assertClientsGetTheirOwnResponses(String what, int clients) throws Exception {
        String id = id();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Exchange>> answers = new ArrayList<>();
            for (int k = 0; k < clients; k++) {
                String target = "/own-" + id + "-" + k;
                answers.add(pool.submit(() -> send("GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 2000)));
            }
            for (int k = 0; k < clients; k++) {
                Exchange ex = answers.get(k).get(15, TimeUnit.SECONDS);
                assertThat(ex.response()).as("%s: client %d's response", what, k).isNotNull();
                assertThat(ex.response().status()).as("%s: client %d: %s", what, k, ex).isEqualTo(200);
                assertThat(ex.response().text()).as("%s: client %d must get its own response, got %s", what, k, ex)
                        .endsWith(" GET /own-" + id + "-" + k);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Takes the descriptor baseline: call once the balancer has served a first request. */
    void baseline() throws InterruptedException {
        Thread.sleep(300);
        baseline = census();
    }

    FdCensus census() {
        return FdCensus.of(lb.pid(), lb.port(), backendPorts);
    }

    /**
     * Within 5 s, every client connection the balancer accepted is closed and its other
     * descriptors are back to the baseline; no exception reached the end of a pipeline.
     */
    void assertNothingLeaked(String what) throws InterruptedException {
        FdCensus now = census();
        for (long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5); System.nanoTime() < end; now = census()) {
            if (now.clients() == 0 && now.others() <= baseline.others()) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(now.clients()).as("%s: client connections still open at the balancer 5 s later: %s (baseline %s)%n%s",
                what, now, baseline, String.join("\n", now.detail())).isZero();
        assertThat(now.others()).as("%s: descriptors other than sockets to clients and backends: %s (baseline %s)%n%s",
                what, now, baseline, String.join("\n", now.detail())).isLessThanOrEqualTo(baseline.others());
        assertThat(lb.log()).as("%s: an exception reached the end of a pipeline", what)
                .doesNotContain("reached at the tail of the pipeline");
        lb.assertNoLeaks();
    }
}
