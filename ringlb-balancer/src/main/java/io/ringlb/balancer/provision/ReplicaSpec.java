package io.ringlb.balancer.provision;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What to start: a replica's name, for provisioners that do not create replicas the address it
 * already listens on (null otherwise), and its integer id.
 *
 * @param ordinal the replica's integer id (the smallest free positive integer when it was added,
 *                the spec mode's i), which a replica reports on {@code /home} with
 *                {@code --home-id}; 0 while none is assigned
 */
public record ReplicaSpec(String name, InetSocketAddress address, int ordinal) {

    public ReplicaSpec {
        Objects.requireNonNull(name, "name");
    }

    public ReplicaSpec(String name, InetSocketAddress address) {
        this(name, address, 0);
    }

    public static ReplicaSpec named(String name) {
        return new ReplicaSpec(name, null);
    }

    public ReplicaSpec withOrdinal(int id) {
        return new ReplicaSpec(name, address, id);
    }
}
