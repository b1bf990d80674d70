package io.ringlb.balancer.cluster;

import io.ringlb.balancer.provision.ProvisionedReplica;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.balancer.provision.ReplicaSpec;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Launches a replica through the provisioner and waits for its first good heartbeat, so that
 * only ready replicas reach the ring. A launch that crashes or never answers is stopped and, for
 * provisioners that create replicas, tried again (a child can lose its port to another process
 * between the port check and its bind).
 */
public final class ReplicaLauncher {

    private static final Logger log = LoggerFactory.getLogger(ReplicaLauncher.class);
    private static final int ATTEMPTS = 3;
    /** Static backends already run: one that does not answer within this is not there. */
    private static final Duration STATIC_READY = Duration.ofSeconds(2);

    private final Provisioner provisioner;
    private final HeartbeatClient heartbeats;
    private final Duration startupTimeout;
    private final BooleanSupplier closing;

    public ReplicaLauncher(Provisioner provisioner, HeartbeatClient heartbeats, Duration startupTimeout, BooleanSupplier closing) {
        this.provisioner = provisioner;
        this.heartbeats = heartbeats;
        this.startupTimeout = startupTimeout;
        this.closing = closing;
    }

    /** Completes with the ready replica, or exceptionally with why it could not start. */
    public CompletableFuture<Replica> launch(ReplicaSpec spec, int ordinal) {
        return launch(spec, ordinal, 1);
    }

    private CompletableFuture<Replica> launch(ReplicaSpec spec, int ordinal, int attempt) {
        long t0 = System.nanoTime();
        return provisioner.start(spec.withOrdinal(ordinal)).thenCompose(p -> awaitReady(p)
                .handle((v, e) -> {
                    if (e == null) {
                        log.info("replica {}: first heartbeat ok {} ms after launch", spec.name(), (System.nanoTime() - t0) / 1_000_000);
                        return CompletableFuture.completedFuture(new Replica(p, ordinal));
                    }
                    provisioner.stop(p);
                    if (attempt < ATTEMPTS && provisioner.createsReplicas() && !closing.getAsBoolean()) {
                        log.warn("replica {}: not ready ({}); launch attempt {} of {}",
                                spec.name(), ReplicaSupervisor.rootMessage(e), attempt + 1, ATTEMPTS);
                        return launch(spec, ordinal, attempt + 1);
                    }
                    return CompletableFuture.<Replica>failedFuture(new CompletionException(
                            "replica '" + spec.name() + "' at " + p.address() + ": " + ReplicaSupervisor.rootMessage(e), e));
                })
                .thenCompose(f -> f));
    }

    /** Waits for the first good heartbeat of a replica that is already launched. */
    public CompletableFuture<Void> awaitReady(ProvisionedReplica p) {
        Duration deadline = provisioner.createsReplicas() ? startupTimeout : STATIC_READY;
        return heartbeats.awaitReady(p.address(), deadline, p.exited());
    }
}
