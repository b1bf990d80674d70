package io.ringlb.cli;

import io.netty.buffer.ByteBufAllocator;
import io.ringlb.transport.Transport;
import java.util.Set;
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

    /** The subcommands that serve, and so need the transport and the pools. */
    private static final Set<String> SERVING = Set.of("start", "replica", "load");

    private final CountDownLatch logging = new CountDownLatch(1);

    private EarlyStart() {
    }

    /**
     * Starts the work for command line {@code args} on a daemon thread and returns at once. The
     * transport and the pools are prepared only for the commands that serve ({@code start},
     * {@code replica}, {@code load}) with the default transport: not for help, a version or
     * another transport, which would load a native library for nothing.
     */
    static EarlyStart begin(String[] args) {
        EarlyStart early = new EarlyStart();
        boolean serves = servesWithDefaultTransport(args);
        Thread t = new Thread(() -> early.run(serves), "ringlb-early-start");
        t.setDaemon(true);
        t.start();
        return early;
    }

    static boolean servesWithDefaultTransport(String[] args) {
        if (args.length == 0 || !SERVING.contains(args[0])) {
            return false;
        }
        for (String a : args) {
            if (a.equals("-h") || a.equals("--help") || a.equals("-V") || a.equals("--version")
                    || a.equals("--transport") || a.startsWith("--transport=")) {
                return false;
            }
        }
        return true;
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

    private void run(boolean serves) {
        try {
            LoggerFactory.getILoggerFactory();
        } finally {
            logging.countDown();
        }
        if (!serves) {
            return;
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
