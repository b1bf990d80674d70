package io.ringlb.balancer.provision;

import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A replica a provisioner launched.
 *
 * @param name    the replica's name (its hostname, what {@code /rep} lists)
 * @param address where it listens, as the balancer reaches it
 * @param id      the provisioner's own handle: a pid, a container id, an address
 * @param exited  completes when the replica ends by itself (a crash, a kill from outside); a
 *                provisioner that cannot tell leaves it incomplete and heartbeats notice instead
 * @param ordinal for a replica found running ({@link Provisioner#adopt}), the integer id it was
 *                started with, which it keeps if free; 0 when unknown or not adopted
 */
public record ProvisionedReplica(String name, InetSocketAddress address, String id, CompletableFuture<Void> exited, int ordinal) {

    public ProvisionedReplica {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(exited, "exited");
    }

    public ProvisionedReplica(String name, InetSocketAddress address, String id, CompletableFuture<Void> exited) {
        this(name, address, id, exited, 0);
    }
}
