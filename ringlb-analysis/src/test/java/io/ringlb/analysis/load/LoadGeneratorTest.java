package io.ringlb.analysis.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class LoadGeneratorTest {

    private static LoadGenerator generator;

    @BeforeAll
    static void start() {
        generator = new LoadGenerator(1);
    }

    @AfterAll
    static void stop() {
        generator.close();
    }

    private static void assertBalanced(LoadResult r, long requests) {
        assertThat(r.sent()).isEqualTo(requests);
        assertThat(r.answered() + r.failed()).isEqualTo(r.sent());
    }

    @Test
    void countsEveryAnswerByTheReplicaItsBodyNames() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (StubServer s = new StubServer(ex -> StubServer.reply(ex, 200, StubServer.home("r" + n.incrementAndGet() % 3)))) {
            LoadResult r = generator.run(s.address(), LoadPlan.burst(600, 8, Duration.ofSeconds(5)));
            assertBalanced(r, 600);
            assertThat(r.failed()).isZero();
            assertThat(r.answersByReplica()).containsOnlyKeys("r0", "r1", "r2").containsEntry("r0", 200L);
            assertThat(r.statuses()).containsExactly(Map.entry(200, 600L));
            assertThat(r.latency().count()).isEqualTo(600);
            assertThat(r.elapsedNanos()).isPositive();
            assertThat(r.series().byReplica().values().stream().mapToLong(row -> java.util.Arrays.stream(row).sum()).sum())
                    .isEqualTo(600);
        }
    }

    @Test
    void countsEachKindOfFailureOnceAndSwallowsNone() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (StubServer s = new StubServer(ex -> {
            switch (n.incrementAndGet() % 4) {
                case 0 -> StubServer.reply(ex, 502, "{\"message\": \"<Error> down\", \"status\": \"failure\"}");
                case 1 -> StubServer.reply(ex, 200, "{\"message\": 42}");
                case 2 -> throw new IllegalStateException("drop the connection");
                default -> StubServer.reply(ex, 200, StubServer.home("ok"));
            }
        })) {
            LoadResult r = generator.run(s.address(), LoadPlan.burst(400, 4, Duration.ofSeconds(5)));
            assertBalanced(r, 400);
            assertThat(r.errors()).containsEntry(ErrorKind.HTTP_STATUS, 100L).containsEntry(ErrorKind.BAD_BODY, 100L)
                    .containsEntry(ErrorKind.CLOSED, 100L);
            assertThat(r.answersByReplica()).containsExactly(Map.entry("ok", 100L));
            assertThat(r.statuses()).containsEntry(502, 100L).containsEntry(200, 200L);
        }
    }

    @Test
    void timesOutSlowRequestsAndMovesOn() throws Exception {
        AtomicInteger n = new AtomicInteger();
        try (StubServer s = new StubServer(ex -> {
            if (n.incrementAndGet() % 5 == 0) {
                Thread.sleep(2000);
            }
            StubServer.reply(ex, 200, StubServer.home("slow-or-not"));
        })) {
            LoadResult r = generator.run(s.address(), LoadPlan.burst(50, 5, Duration.ofMillis(300)));
            assertBalanced(r, 50);
            assertThat(r.errors()).containsOnlyKeys(ErrorKind.TIMEOUT);
            assertThat(r.errors().get(ErrorKind.TIMEOUT)).isEqualTo(10L);
        }
    }

    @Test
    void countsRefusedConnections() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        LoadResult r = generator.run(new InetSocketAddress(InetAddress.getLoopbackAddress(), port),
                LoadPlan.burst(20, 4, Duration.ofSeconds(2)));
        assertBalanced(r, 20);
        assertThat(r.errors()).containsExactly(Map.entry(ErrorKind.CONNECT, 20L));
    }

    @Test
    void pacedRunKeepsItsRateAndStopsOnTheClock() throws Exception {
        try (StubServer s = new StubServer(ex -> StubServer.reply(ex, 200, StubServer.home("p")))) {
            LoadRun run = generator.start(s.address(),
                    LoadPlan.steady(200, 8, Duration.ofSeconds(2), Duration.ofMillis(1000), Duration.ofMillis(100)));
            LoadResult r = run.await();
            assertThat(r.sent()).isBetween(170L, 215L);
            assertThat(r.answered()).isEqualTo(r.sent());
            assertThat(r.series().buckets()).isBetween(9, 12);
        }
    }

    @Test
    void stopEndsAnUnboundedRun() throws Exception {
        try (StubServer s = new StubServer(ex -> StubServer.reply(ex, 200, StubServer.home("p")))) {
            LoadRun run = generator.start(s.address(),
                    LoadPlan.steady(500, 4, Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMillis(100)));
            Thread.sleep(300);
            long stoppedAt = System.nanoTime();
            run.stop();
            LoadResult r = run.await();
            assertThat(System.nanoTime() - stoppedAt).isLessThan(Duration.ofSeconds(3).toNanos());
            assertThat(r.sent()).isBetween(1L, 250L);
            assertThat(r.answered() + r.failed()).isEqualTo(r.sent());
        }
    }
}
