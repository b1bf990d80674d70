package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

/**
 * One balancer in front of one hand-written static backend, shared by the cases of a class: it
 * starts before them, and after each case nothing may have leaked (see {@link Attacker}); its
 * buffers are checked at paranoid when it stops.
 *
 * @param <B> the backend
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class OneBackendAttackBase<B extends RawServer> {

    protected B backend;
    protected RinglbProcess lb;
    protected Attacker attacker;

    abstract B newBackend() throws IOException;

    /** Options of {@code ringlb start} besides the static backend. */
    abstract List<String> options();

    @BeforeAll
    void start() throws Exception {
        backend = newBackend();
        List<String> args = new ArrayList<>(List.of("--provisioner", "static", "--backends", "b1=127.0.0.1:" + backend.port()));
        args.addAll(options());
        lb = RinglbProcess.start(args.toArray(String[]::new));
        attacker = new Attacker(lb, backend.port());
        // The backend joins the ring after its first good heartbeat, which may come after the listening line.
        Attacker.Exchange warm = attacker.send("GET /warm-up HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1000);
        for (long end = System.nanoTime() + 10_000_000_000L; warm.response() != null && warm.response().status() == 503
                && System.nanoTime() < end; ) {
            Thread.sleep(100);
            warm = attacker.send("GET /warm-up HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1000);
        }
        assertThat(warm.response()).as("warm-up: %s", warm).isNotNull();
        assertThat(warm.response().status()).as("warm-up: %s; balancer log:%n%s", warm, lb.log()).isEqualTo(200);
        attacker.baseline();
    }

    @AfterAll
    void stop() throws Exception {
        lb.close();
        backend.close();
    }

    @AfterEach
    void nothingLeaked(TestInfo test) throws Exception {
        attacker.assertNothingLeaked(test.getDisplayName());
    }
}
