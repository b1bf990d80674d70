package io.ringlb.cli;

import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT (Ctrl-C) stop the balancer cleanly and let the command choose its exit
 * status: the JVM's own handling would run the shutdown hooks and exit with 143 (128 + 15)
 * however clean the stop was. Other ways the JVM ends (System.exit, SIGHUP's default) still stop
 * the balancer, through a shutdown hook.
 */
final class StopSignals {

    private static final Logger log = LoggerFactory.getLogger(StopSignals.class);
    private static final CountDownLatch stopped = new CountDownLatch(1);

    private StopSignals() {
    }

    /**
     * Runs {@code stop} once on SIGTERM, SIGINT or JVM shutdown. Before {@code started} says the
     * balancer runs, a signal ends the process at once (replicas being started die with it).
     */
    static void install(Runnable stop, java.util.function.BooleanSupplier started) {
        Runnable once = new Runnable() {
            private boolean ran;

            @Override
            public synchronized void run() {
                if (!ran) {
                    ran = true;
                    stop.run();
                }
                stopped.countDown();
            }
        };
        for (String name : new String[] {"TERM", "INT"}) {
            try {
                Signal.handle(new Signal(name), sig -> {
                    if (!started.getAsBoolean()) {
                        System.exit(128 + sig.getNumber()); // the shutdown hook stops what has started
                    }
                    log.info("SIG{}: stopping", name);
                    new Thread(once, "ringlb-stop").start();
                });
            } catch (IllegalArgumentException e) {
                log.debug("cannot handle SIG{} here: {}", name, e.getMessage());
            }
        }
        Runtime.getRuntime().addShutdownHook(new Thread(once, "ringlb-shutdown"));
    }

    /** Waits until the stop has run (after the balancer closed, by a signal or otherwise). */
    static void awaitStopped() throws InterruptedException {
        stopped.await();
    }
}
