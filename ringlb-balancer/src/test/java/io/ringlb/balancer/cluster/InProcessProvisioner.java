package io.ringlb.balancer.cluster;

import io.ringlb.balancer.provision.ProvisionedReplica;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.balancer.provision.ReplicaSpec;
import io.ringlb.replica.ReplicaServer;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Real replica servers inside the test JVM; names in {@link #failing} cannot start. */
final class InProcessProvisioner implements Provisioner {

    final Set<String> failing = ConcurrentHashMap.newKeySet();
    final Map<String, ReplicaServer> running = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> exits = new ConcurrentHashMap<>();
    volatile long startDelayMs;

    @Override
    public String kind() {
        return "in-process";
    }

    @Override
    public boolean createsReplicas() {
        return true;
    }

    @Override
    public CompletableFuture<ProvisionedReplica> start(ReplicaSpec spec) {
        return CompletableFuture.supplyAsync(() -> {
            if (failing.contains(spec.name())) {
                throw new IllegalStateException("cannot start " + spec.name());
            }
            try {
                Thread.sleep(startDelayMs);
                ReplicaServer s = ReplicaServer.start(spec.name(), "127.0.0.1", 0, 1);
                running.put(spec.name(), s);
                CompletableFuture<Void> exited = new CompletableFuture<>();
                exits.put(spec.name(), exited);
                return new ProvisionedReplica(spec.name(), s.address(), spec.name(), exited);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Kills a replica as a crash would: it stops and reports its exit. */
    void crash(String name) {
        ReplicaServer s = running.remove(name);
        s.close();
        exits.remove(name).complete(null);
    }

    @Override
    public CompletableFuture<Void> stop(ProvisionedReplica replica) {
        ReplicaServer s = running.remove(replica.name());
        if (s != null) {
            s.close();
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void close(boolean keepReplicas) {
        running.values().forEach(ReplicaServer::close);
        running.clear();
    }
}
