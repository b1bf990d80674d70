package io.ringlb.balancer.cluster;

import io.ringlb.balancer.provision.ProvisionedReplica;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.balancer.provision.ReplicaSpec;
import io.ringlb.replica.ReplicaServer;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Real replica servers inside the test JVM; names in {@link #failing} cannot start. Each has an
 * id of its own, since a name may be reused while its old replica drains.
 */
final class InProcessProvisioner implements Provisioner {

    final Set<String> failing = ConcurrentHashMap.newKeySet();
    /** By id. */
    final Map<String, ReplicaServer> running = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> exits = new ConcurrentHashMap<>();
    private final AtomicInteger ids = new AtomicInteger();
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
                String id = spec.name() + "#" + ids.incrementAndGet();
                running.put(id, s);
                CompletableFuture<Void> exited = new CompletableFuture<>();
                exits.put(id, exited);
                return new ProvisionedReplica(spec.name(), s.address(), id, exited);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** The names of the replicas running, in no order. */
    List<String> names() {
        return running.values().stream().map(ReplicaServer::name).toList();
    }

    /** Kills the replica called {@code name} as a crash would: it stops and reports its exit. */
    void crash(String name) {
        String id = running.entrySet().stream().filter(e -> e.getValue().name().equals(name))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        running.remove(id).close();
        exits.remove(id).complete(null);
    }

    @Override
    public CompletableFuture<Void> stop(ProvisionedReplica replica) {
        ReplicaServer s = running.remove(replica.id());
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
