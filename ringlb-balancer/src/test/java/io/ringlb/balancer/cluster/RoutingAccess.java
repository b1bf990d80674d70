package io.ringlb.balancer.cluster;

import java.util.List;

/** Lets tests in other packages publish a routing table directly, as the supervisor does. */
public final class RoutingAccess {

    private RoutingAccess() {
    }

    public static void publish(Routing routing, List<Replica> ring) {
        routing.publish(ring, List.of());
    }
}
