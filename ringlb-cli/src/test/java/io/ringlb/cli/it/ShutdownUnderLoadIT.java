package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * SIGTERM while clients keep their keep-alive connections busy (the decisions' "Shutdown"): the
 * listening socket and idle connections close at once; every request the balancer read gets a
 * whole response, those not yet started with {@code Connection: close}; a request sent on a
 * connection the balancer was closing gets no answer only if the replica never saw it (a client
 * may safely retry it); the process exits 0 as soon as nothing is in flight.
 */
class ShutdownUnderLoadIT {

    static final long SLOW_MS = 1200;

    /** What one busy client sent and got, in order. */
    record Busy(List<String> sent, List<RawHttp.Response> got, List<String> unanswered) {
    }

    @Test
    void sigtermAnswersEverythingInFlightAndExitsCleanly() throws Exception {
        RecordingBackend backend = new RecordingBackend();
        RinglbProcess lb = RinglbProcess.start("--provisioner", "static", "--backends", "b1=127.0.0.1:" + backend.port(), "--shutdown-grace", "20s");
        try {
            List<Socket> idle = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Socket s = RawHttp.connect(lb.url(""));
                s.getOutputStream().write(("GET /idle-" + i + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                assertThat(RawHttp.readResponse(s.getInputStream(), false).status()).isEqualTo(200);
                idle.add(s);
            }
            String id = Attacker.id();
            int busyClients = 8;
            List<Busy> busy = new CopyOnWriteArrayList<>();
            CountDownLatch started = new CountDownLatch(busyClients);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < busyClients; c++) {
                int client = c;
                Thread t = new Thread(() -> busy.add(keepBusy(lb, id, client, started)));
                t.start();
                threads.add(t);
            }
            started.await(10, TimeUnit.SECONDS);
            Thread.sleep(SLOW_MS / 2); // every busy client has a request at the replica

            long t0 = System.nanoTime();
            lb.sigterm();
            Thread.sleep(300);
            assertThat(refusesConnections(lb)).as("the listening socket is closed 300 ms after SIGTERM").isTrue();
            for (Socket s : idle) {
                s.setSoTimeout((int) (SLOW_MS / 2));
                assertThat(RawHttp.closesWithinTimeout(s)).as("an idle keep-alive connection closes at once, before the in-flight "
                        + SLOW_MS + " ms requests end").isTrue();
                s.close();
            }
            int exit = lb.awaitExit(Duration.ofSeconds(15));
            long exitMs = (System.nanoTime() - t0) / 1_000_000;
            for (Thread t : threads) {
                t.join(10_000);
            }

            assertThat(exit).as("exit status of a clean stop; log:%n%s", lb.log()).isZero();
            assertThat(exitMs).as("ms from SIGTERM to exit: once the in-flight requests (%d ms each) are answered, not the 20 s grace", SLOW_MS)
                    .isLessThan(SLOW_MS + 4000);
            assertThat(busy).hasSize(busyClients);
            for (Busy b : busy) {
                assertThat(b.got()).as("a busy client got a response to each request but those left unanswered: %s", b).hasSize(b.sent().size() - b.unanswered().size());
                for (int i = 0; i < b.got().size(); i++) {
                    RawHttp.Response r = b.got().get(i);
                    assertThat(r.status()).as("response %d of %s", i, b).isEqualTo(200);
                    assertThat(r.complete()).as("response %d of %s", i, b).isTrue();
                    assertThat(r.text()).as("a client gets its own response: %s", b).endsWith(b.sent().get(i));
                }
                RawHttp.Response last = b.got().get(b.got().size() - 1);
                assertThat(last.connectionSays("close")).as("the last response on a busy connection says Connection: close: %s", b).isTrue();
                for (String target : b.unanswered()) {
                    assertThat(backend.withTarget(target)).as("an unanswered request (%s) must never have reached the replica", target).isEmpty();
                }
            }
            assertThat(busy.stream().mapToInt(b -> b.got().size()).sum()).as("responses").isGreaterThanOrEqualTo(busyClients);
        } finally {
            lb.close();
            backend.close();
        }
    }

    /**
     * Sends slow requests one after another on one keep-alive connection until the balancer says
     * {@code Connection: close} or closes it.
     */
    private static Busy keepBusy(RinglbProcess lb, String id, int client, CountDownLatch started) {
        List<String> sent = new ArrayList<>();
        List<RawHttp.Response> got = new ArrayList<>();
        List<String> unanswered = new ArrayList<>();
        try (Socket s = RawHttp.connect(lb.url(""))) {
            started.countDown();
            for (int i = 0; ; i++) {
                String target = "/slow-" + SLOW_MS + "/" + id + "-" + client + "-" + i;
                try {
                    s.getOutputStream().write(("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                    return new Busy(sent, got, unanswered); // closed before this one was sent
                }
                sent.add(target);
                RawHttp.Response r;
                try {
                    r = RawHttp.readResponse(s.getInputStream(), false);
                } catch (IOException e) {
                    r = null;
                }
                if (r == null) {
                    unanswered.add(target);
                    return new Busy(sent, got, unanswered);
                }
                got.add(r);
                if (r.connectionSays("close")) {
                    return new Busy(sent, got, unanswered);
                }
            }
        } catch (IOException e) {
            return new Busy(sent, got, unanswered);
        }
    }

    private static boolean refusesConnections(RinglbProcess lb) {
        try (Socket s = RawHttp.connect(lb.url(""))) {
            return !s.isConnected();
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
