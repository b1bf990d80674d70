package io.ringlb.balancer.cluster;

import io.ringlb.balancer.BalancerConfig;
import io.ringlb.balancer.provision.Provisioner;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What keeps the replica set and publishes it to {@link Routing}: {@link ReplicaSupervisor} for
 * one balancer alone, or a cluster of balancers sharing one membership through a store (the
 * {@code ringlb-cluster-etcd} module). The admin API's {@code /add} and {@code /rm} and the
 * balancer's start and shutdown go through it; the proxy only reads {@link Routing}.
 */
public interface ReplicaControl {

    /**
     * Brings the replica set up and publishes its first ring; completes when the balancer may
     * start taking traffic.
     *
     * @param initial  replicas to run (provisioners that create replicas)
     * @param backends static backends, name to address
     */
    CompletableFuture<ClusterView> start(int initial, Map<String, InetSocketAddress> backends);

    /** {@code /add}: all or nothing; fails with an {@link AdminException} carrying the reply. */
    CompletableFuture<ClusterView> add(ScaleRequest req);

    /** {@code /rm}: all or nothing; fails with an {@link AdminException} carrying the reply. */
    CompletableFuture<ClusterView> remove(ScaleRequest req);

    /**
     * What {@code /add} with {@code req} would do now, changing nothing (a dry run): the same
     * checks and failures, the replicas it would start, and the ring before and after.
     */
    CompletableFuture<ScalePreview> previewAdd(ScaleRequest req);

    /** What {@code /rm} with {@code req} would do now, changing nothing (a dry run); see {@link #previewAdd}. */
    CompletableFuture<ScalePreview> previewRemove(ScaleRequest req);

    Provisioner provisioner();

    /** Registers {@code listener} for what happens to the replica set from now on (metrics, the dashboard). */
    void listen(ClusterEvents listener);

    /** A line for logs and {@code GET /} about how the replica set is kept, or empty. */
    default String describe() {
        return "";
    }

    /**
     * Response fields for {@code /rep} and the other admin replies that tell which balancer
     * answered and which one leads (cluster mode; none alone). Called on event loops: quick,
     * thread-safe, no I/O.
     */
    default Map<String, String> adminHeaders() {
        return Map.of();
    }

    /** Stops, then stops the replicas unless {@code keepReplicas}. Call after the proxy stopped. */
    void close(boolean keepReplicas);

    /** Makes the {@link ReplicaControl} of a balancer being built. */
    @FunctionalInterface
    interface Factory {

        /** One balancer alone: {@link ReplicaSupervisor}. */
        Factory STANDALONE = (provisioner, routing, heartbeats, control, config) -> new ReplicaSupervisor(provisioner, routing,
                heartbeats, control, config.heartbeatInterval(), config.heartbeatFails(),
                new ReplicaSupervisor.Settings(config.maxReplicas(), config.startupTimeout(), config.drainTimeout()));

        /** Whether the routing it publishes shows its version to clients (cluster mode). */
        default boolean showsVersion() {
            return false;
        }

        ReplicaControl create(Provisioner provisioner, Routing routing, HeartbeatClient heartbeats,
                              ScheduledExecutorService control, BalancerConfig config);
    }
}
