package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Replicas that break their side of HTTP ({@link RawBackend}'s {@code /never}, {@code /garbage},
 * {@code /cut}, {@code /trickle-body}, {@code /stall}): the client gets a clean 504 or 502, or is
 * cut off where the response broke; a slow but steady body completes; other clients are not
 * affected; nothing leaks.
 */
class ReplicaMisbehaviourIT extends OneBackendAttackBase<RawBackend> {

    static final long RESPONSE_TIMEOUT_MS = 2000;

    @Override
    RawBackend newBackend() throws IOException {
        return new RawBackend();
    }

    @Override
    List<String> options() {
        return List.of("--response-timeout", RESPONSE_TIMEOUT_MS + "ms");
    }

    private void assertPlainRequestServed(String when) throws Exception {
        Attacker.Exchange ex = attacker.send("GET /plain HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1000);
        assertThat(ex.response()).as("%s: a plain request: %s", when, ex).isNotNull();
        assertThat(ex.response().status()).as("%s: a plain request: %s", when, ex).isEqualTo(200);
    }

    /** Sends {@code GET path} and, while the replica misbehaves, a plain request from another client. */
    private Attacker.Exchange whileOthersAreServed(String path, long closeWait) throws Exception {
        CompletableFuture<Attacker.Exchange> bad = CompletableFuture.supplyAsync(() -> {
            try {
                return attacker.send("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n", closeWait);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        assertPlainRequestServed("while " + path + " misbehaves");
        return bad.get(RESPONSE_TIMEOUT_MS * 5, TimeUnit.MILLISECONDS);
    }

    @Test
    void aReplicaThatNeverAnswersIs504AfterTheResponseTimeout() throws Exception {
        long t0 = System.nanoTime();
        Attacker.Exchange ex = whileOthersAreServed("/never", 500);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ex.response()).as("/never: %s", ex).isNotNull();
        assertThat(ex.response().status()).as("/never: %s", ex).isEqualTo(504);
        assertThat(ex.response().text()).contains("failure").contains("<Error>");
        assertThat(ms).as("ms until the 504 (response timeout %d)", RESPONSE_TIMEOUT_MS).isBetween(RESPONSE_TIMEOUT_MS - 100, RESPONSE_TIMEOUT_MS + 2000);
    }

    @Test
    void aReplicaThatAnswersGarbageIs502() throws Exception {
        Attacker.Exchange ex = whileOthersAreServed("/garbage", 500);
        assertThat(ex.response()).as("/garbage: %s", ex).isNotNull();
        assertThat(ex.response().status()).as("/garbage: %s", ex).isEqualTo(502);
        assertThat(ex.response().text()).contains("failure").contains("<Error>");
        assertThat(ex.response().complete()).isTrue();
    }

    @Test
    void aReplicaClosingMidResponseCutsTheClientOff() throws Exception {
        Attacker.Exchange ex = whileOthersAreServed("/cut", 3000);
        assertThat(ex.response()).as("/cut: the head had left, so the client sees it: %s", ex).isNotNull();
        assertThat(ex.response().complete()).as("/cut: the body must not pass as complete: %s", ex).isFalse();
        assertThat(ex.response().text()).as("/cut: what the replica sent, no more").isEqualTo("0123456789");
        assertThat(ex.closedAfter()).isTrue();
    }

    @Test
    void aBodyTricklingSteadilyCompletesPastTheResponseTimeout() throws Exception {
        long t0 = System.nanoTime();
        Attacker.Exchange ex = whileOthersAreServed("/trickle-body", 1000);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ex.response()).as("/trickle-body: %s", ex).isNotNull();
        assertThat(ex.response().status()).as("/trickle-body: %s", ex).isEqualTo(200);
        assertThat(ex.response().complete()).as("/trickle-body: %s", ex).isTrue();
        assertThat(ex.response().text()).isEqualTo("0123456789");
        assertThat(ms).as("the body took longer than the response timeout, in steps shorter than it").isGreaterThan(RESPONSE_TIMEOUT_MS);
    }

    @Test
    void aBodyStallingLongerThanTheResponseTimeoutCutsTheClientOff() throws Exception {
        long t0 = System.nanoTime();
        Attacker.Exchange ex = whileOthersAreServed("/stall", 100);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertThat(ex.response()).as("/stall: the head had left: %s", ex).isNotNull();
        assertThat(ex.response().complete()).as("/stall: the body must not pass as complete: %s", ex).isFalse();
        assertThat(ex.response().text()).isEqualTo("012");
        assertThat(ms).as("ms until cut off: about the response timeout (%d) after the stall, not the replica's 6 s", RESPONSE_TIMEOUT_MS)
                .isBetween(RESPONSE_TIMEOUT_MS - 100, RESPONSE_TIMEOUT_MS + 2500);
    }
}
