package io.ringlb.cli;

import io.netty.buffer.ByteBufAllocator;
import io.ringlb.transport.Transport;
import org.slf4j.LoggerFactory;

/**
 * Start-up work that does not depend on the command line, begun on a second thread while the main
 * thread has picocli read it: logging's set-up, loading the native transport, and the buffer
 * pools. picocli reflects on some seventy options on one core (about 120 ms at a cold start);
 * these take about as long and would otherwise follow it, before the first replica is launched.
 * The same steps run again on the main path when they are needed: a class being initialized here
 * makes the main thread wait for it, and one already initialized costs nothing.
 */
final class EarlyStart {

    private EarlyStart() {
    }

    /** Starts the work on a daemon thread and returns at once. */
    static void begin() {
        Thread t = new Thread(EarlyStart::run, "ringlb-early-start");
        t.setDaemon(true);
        t.start();
    }

    private static void run() {
        LoggerFactory.getILoggerFactory();
        try {
            Transport.best();
        } catch (IllegalArgumentException e) {
            return; // a transport that cannot be used is reported by the main path, which asks again
        }
        ByteBufAllocator pools = Transport.allocator();
        pools.buffer(1).release();
    }
}
