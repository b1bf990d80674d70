package io.ringlb.docker;

import java.util.Locale;

/** How the balancer reaches its replica containers. */
public enum Reach {
    /**
     * {@link #NETWORK} when the balancer runs in a container on the replicas' network, or on a host
     * that routes to that network (a local engine on Linux); else {@link #PUBLISHED}.
     */
    AUTO,
    /** Straight to each container's address on the replicas' network, port 8080: compose, or a Linux host. */
    NETWORK,
    /** Through a port each container publishes on the host's 127.0.0.1 only: a host that cannot route to the network. */
    PUBLISHED;

    /** Reads {@code auto}, {@code network} or {@code published}, in any case. */
    public static Reach parse(String text) {
        for (Reach r : values()) {
            if (r.name().equalsIgnoreCase(text.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not auto, network or published");
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
