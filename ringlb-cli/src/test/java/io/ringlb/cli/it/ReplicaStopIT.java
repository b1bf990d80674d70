package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A replica process frozen with SIGSTOP under load: its socket still accepts connections, but
 * nothing answers. The balancer keeps serving from the others, no request waits past the
 * response timeout, the frozen replica leaves the ring, is stopped, and a replacement restores N.
 */
class ReplicaStopIT {

    static final long RESPONSE_TIMEOUT_MS = 2000;

    @Test
    void aFrozenReplicaIsReplacedAndNoRequestHangs() throws Exception {
        Http http = new Http();
        try (RinglbProcess lb = RinglbProcess.start("--replicas", "3", "--response-timeout", RESPONSE_TIMEOUT_MS + "ms")) {
            long pid = lb.replicaPid("server2");
            assertThat(pid).isPositive();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            AtomicLong slowestMs = new AtomicLong();
            AtomicLong lastFailedStart = new AtomicLong(); // when the last request that failed was sent
            Map<String, Integer> failures = new ConcurrentHashMap<>();
            List<Thread> clients = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Thread t = new Thread(() -> {
                    while (running.get()) {
                        HttpRequest req = HttpRequest.newBuilder(URI.create(lb.url("/home")))
                                .header("X-Request-Id", String.valueOf(ThreadLocalRandom.current().nextInt(100_000, 1_000_000)))
                                .timeout(Duration.ofMillis(RESPONSE_TIMEOUT_MS * 3)).build();
                        long t0 = System.nanoTime();
                        String outcome;
                        try {
                            HttpResponse<String> r = http.client().send(req, HttpResponse.BodyHandlers.ofString());
                            outcome = r.statusCode() == 200 ? null : "status " + r.statusCode();
                        } catch (Exception e) {
                            outcome = e.toString();
                        }
                        long ms = (System.nanoTime() - t0) / 1_000_000;
                        slowestMs.accumulateAndGet(ms, Math::max);
                        if (outcome == null) {
                            ok.incrementAndGet();
                        } else {
                            failures.merge(outcome, 1, Integer::sum);
                            lastFailedStart.accumulateAndGet(t0, Math::max);
                        }
                    }
                });
                t.start();
                clients.add(t);
            }
            try {
                Thread.sleep(500);
                long stoppedAt = System.nanoTime();
                RinglbProcess.signal(pid, "STOP");
                long leftMs = -1;
                long leftAt = Long.MAX_VALUE;
                long restoredMs = -1;
                List<String> names = List.of();
                while (System.nanoTime() - stoppedAt < Duration.ofSeconds(25).toNanos() && restoredMs < 0) {
                    names = FailoverIT.names(http.get(lb.url("/rep")));
                    long ms = (System.nanoTime() - stoppedAt) / 1_000_000;
                    if (leftMs < 0 && !names.contains("server2")) {
                        leftMs = ms;
                        leftAt = System.nanoTime();
                    }
                    if (leftMs >= 0 && names.size() == 3) {
                        restoredMs = ms;
                    }
                    Thread.sleep(50);
                }
                int okWhileStopped = ok.get();
                Thread.sleep(RESPONSE_TIMEOUT_MS + 1000); // traffic on the healed ring
                running.set(false);
                for (Thread t : clients) {
                    t.join();
                }
                System.out.printf("SIGSTOP: left the ring after %d ms, N restored after %d ms; %d ok, slowest %d ms, failures %s%n",
                        leftMs, restoredMs, ok.get(), slowestMs.get(), failures);
                assertThat(leftMs).as("ms until the frozen replica left the ring").isBetween(0L, 6000L);
                assertThat(restoredMs).as("ms until N = 3 again, /rep: %s", names).isPositive();
                assertThat(names).doesNotContain("server2").contains("server1", "server3");
                assertThat(okWhileStopped).as("requests served by the others meanwhile").isGreaterThan(20);
                assertThat(slowestMs.get()).as("slowest request, ms (response timeout %d)", RESPONSE_TIMEOUT_MS)
                        .isLessThanOrEqualTo(RESPONSE_TIMEOUT_MS + 1500);
                assertThat(failures.keySet()).as("failures: only 504s (or 502s) from the frozen replica, none client-side")
                        .allMatch(f -> f.equals("status 504") || f.equals("status 502"));
                assertThat((lastFailedStart.get() - leftAt) / 1_000_000)
                        .as("ms from the replica leaving the ring (seen in /rep) to the start of the last request that failed")
                        .isLessThanOrEqualTo(100L);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("the frozen replica's process was stopped").isFalse();
            } finally {
                running.set(false);
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL works on a stopped process
            }
        }
    }
}
