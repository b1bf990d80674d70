package io.ringlb.balancer.provision;

import java.util.concurrent.CompletableFuture;

/**
 * Backends that ringlb did not start and cannot restart: {@code start} registers an address,
 * {@code stop} forgets it. Heartbeats still apply; a failing backend leaves the ring and comes
 * back when it answers again.
 */
public final class StaticProvisioner implements Provisioner {

    @Override
    public String kind() {
        return "static";
    }

    @Override
    public boolean createsReplicas() {
        return false;
    }

    @Override
    public CompletableFuture<ProvisionedReplica> start(ReplicaSpec spec) {
        if (spec.address() == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "static backend '" + spec.name() + "' needs an address"));
        }
        String id = spec.address().getHostString() + ":" + spec.address().getPort();
        return CompletableFuture.completedFuture(new ProvisionedReplica(spec.name(), spec.address(), id, new CompletableFuture<>()));
    }

    @Override
    public CompletableFuture<Void> stop(ProvisionedReplica replica) {
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(boolean keepReplicas) {
        // Nothing of ours runs.
    }
}
