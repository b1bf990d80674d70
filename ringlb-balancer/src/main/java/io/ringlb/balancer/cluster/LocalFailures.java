package io.ringlb.balancer.cluster;

import java.util.concurrent.RejectedExecutionException;

/**
 * Tells a connection that could not be opened on this machine from one the replica refused or
 * never answered. Under a flood of client connections the process can run out of file descriptors
 * ({@code EMFILE}, {@code ENFILE}) or ephemeral ports ({@code EADDRNOTAVAIL}); Netty then fails to
 * create or register the channel ({@code IllegalStateException: channel not registered to an event
 * loop}). None of that is the replica's fault.
 */
final class LocalFailures {

    /** strerror(3) texts of the errors that mean "no socket here" (glibc's wording, which the JDK and Netty pass on). */
    private static final String[] LOCAL_ERRORS = {
        "Too many open files",              // EMFILE, and ENFILE: "... in system"
        "Cannot assign requested address",  // EADDRNOTAVAIL: no local port left
        "No buffer space available",        // ENOBUFS
        "Cannot allocate memory",           // ENOMEM
        "not registered to an event loop",  // Netty: the channel could not even be created
    };

    private LocalFailures() {
    }

    /** Whether {@code t}, or any of its causes, is a failure of this machine rather than of the peer. */
    static boolean isLocal(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof RejectedExecutionException) {
                return true; // the event loops are shutting down
            }
            String m = c.getMessage();
            if (m != null) {
                for (String local : LOCAL_ERRORS) {
                    if (m.contains(local)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
