package io.ringlb.balancer.provision;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What to start: a replica's name and, for provisioners that do not create replicas, the address
 * it already listens on (null otherwise).
 */
public record ReplicaSpec(String name, InetSocketAddress address) {

    public ReplicaSpec {
        Objects.requireNonNull(name, "name");
    }

    public static ReplicaSpec named(String name) {
        return new ReplicaSpec(name, null);
    }
}
