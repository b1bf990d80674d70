package io.ringlb.balancer.traffic;

import java.util.Locale;

/** Why the balancer answered a request itself (the {@code reason} label of local replies). */
public enum LocalReply {
    /** 503: no replica in the ring. */
    NO_REPLICA,
    /** 502: every replica tried failed before responding, or the request could not be replayed. */
    REPLICA_FAILED,
    /** 502: the replica's response could not be passed on (malformed head or body). */
    BAD_RESPONSE,
    /** 504: the replica did not start responding within the response timeout. */
    TIMEOUT,
    /** 400: the replica answered 404, which the contract turns into its 400 failure JSON. */
    NOT_FOUND,
    /** 4xx/5xx: the request was refused before reaching a replica (malformed, too large, unsupported). */
    REFUSED;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** The label value, e.g. {@code no_replica}. */
    public String label() {
        return label;
    }
}
