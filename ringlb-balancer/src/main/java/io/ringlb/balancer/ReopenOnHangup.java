package io.ringlb.balancer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SIGHUP reopens the access log (after logrotate or a mover renamed it), as nginx's USR1 and
 * HAProxy's log reopening do. Installing the handler replaces the JVM's default for SIGHUP
 * (shutdown), which is what a daemon whose logs rotate wants.
 */
final class ReopenOnHangup {

    private static final Logger log = LoggerFactory.getLogger(ReopenOnHangup.class);

    private ReopenOnHangup() {
    }

    static void install(Runnable reopen) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("HUP"), sig -> reopen.run());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            log.warn("SIGHUP cannot reopen the access log here ({}); rotation by --access-log-max-size still works", e.getMessage());
        }
    }
}
