package io.ringlb.cli;

import io.netty.buffer.ByteBufAllocator;
import io.ringlb.transport.Transport;
import java.util.concurrent.CountDownLatch;
import org.slf4j.LoggerFactory;

/**
 * Start-up work that does not depend on the command line, begun on a second thread while the main
 * thread has picocli read it: logging's set-up, loading the native transport, and the buffer
 * pools. picocli reflects on some seventy options on one core (about 120 ms at a cold start);
 * these take about as long and would otherwise follow it, before the first replica is launched.
 * The transport and the pools are asked for again on the main path: a class being initialized
 * here makes the main thread wait for it, and one already initialized costs nothing.
 */
final class EarlyStart {

    private final CountDownLatch logging = new CountDownLatch(1);

    private EarlyStart() {
    }

    /** Starts the work on a daemon thread and returns at once. */
    static EarlyStart begin() {
        EarlyStart early = new EarlyStart();
        Thread t = new Thread(early::run, "ringlb-early-start");
        t.setDaemon(true);
        t.start();
        return early;
    }

    /**
     * Waits until logging is set up. Call before the command runs: a line logged while another
     * thread sets logging up is held back, then replayed with a warning from SLF4J.
     */
    void awaitLogging() {
        try {
            logging.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            LoggerFactory.getILoggerFactory();
        } finally {
            logging.countDown();
        }
        try {
            Transport.best();
        } catch (IllegalArgumentException e) {
            return; // a transport that cannot be used is reported by the main path, which asks again
        }
        ByteBufAllocator pools = Transport.allocator();
        pools.buffer(1).release();
    }
}
