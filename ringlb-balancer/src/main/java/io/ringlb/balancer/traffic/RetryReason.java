package io.ringlb.balancer.traffic;

import java.util.Locale;

/** Why an attempt at a replica failed so that the request moved on to another (the {@code reason} label). */
public enum RetryReason {
    /** No connection could be opened (refused, unreachable, connect timeout). */
    CONNECT,
    /** The connection closed or failed before any byte of the response. */
    RESET;

    private final String label = name().toLowerCase(Locale.ROOT);

    public String label() {
        return label;
    }
}
