package io.ringlb.balancer.provision;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Starts and stops named replicas and reports where they listen. The supervisor decides
 * <em>when</em>; a provisioner only knows <em>how</em> (a child process, a container, an address
 * someone else runs). Readiness is not its job: the supervisor waits for a replica's first good
 * heartbeat before it joins the ring.
 *
 * <p>Implementations must be thread-safe; their futures may complete on any thread.
 */
public interface Provisioner extends AutoCloseable {

    /** A short name for logs and errors: {@code process}, {@code static}, {@code docker}. */
    String kind();

    /**
     * Whether {@link #start} creates replicas. A provisioner that cannot (static backends) needs an
     * address in every {@link ReplicaSpec}, and failed replicas are not replaced.
     */
    boolean createsReplicas();

    /**
     * Replicas of this cluster that already run when the balancer starts (for example containers
     * left by a balancer that crashed), to adopt instead of starting duplicates. Called once,
     * before anything is started.
     */
    default List<ProvisionedReplica> adopt() {
        return List.of();
    }

    /**
     * Why this provisioner cannot give a new replica the name {@code name}, or empty when it can.
     * For example, container names are global on a Docker engine, so a name another container
     * holds is unavailable. Names of replicas this provisioner runs are the supervisor's business
     * and are never reported. Called on the supervisor's control thread: keep it quick.
     */
    default Optional<String> nameConflict(String name) {
        return Optional.empty();
    }

    /**
     * The name of a replica this provisioner has already started and keeps ready for the next
     * replacement (a warm spare), or empty when it keeps none or it is not ready. {@link #start}
     * with that name hands the spare over instead of starting a replica, and the provisioner then
     * prepares the next spare. Called on the supervisor's control thread: keep it quick.
     */
    default Optional<String> spareName() {
        return Optional.empty();
    }

    /**
     * Starts (or registers) a replica. Completes once it has been launched and its address is
     * known, not when it is ready; completes exceptionally if it cannot be launched.
     */
    CompletableFuture<ProvisionedReplica> start(ReplicaSpec spec);

    /**
     * Frees the name of a replica that leaves the cluster but keeps running for a while (it
     * drains), so that a new replica can take the name at once: the old one goes on under an
     * internal identity until {@link #stop} (a container renamed, a process's log file moved
     * aside). Completes when the name is free, and never fails: a name that cannot be freed stays
     * taken (and {@link #nameConflict} says so). Names that mean nothing outside the balancer
     * (static backends) need nothing. The caller starts a new replica of the name only after
     * this completed.
     */
    default CompletableFuture<Void> releaseName(ProvisionedReplica replica) {
        return CompletableFuture.completedFuture(null);
    }

    /** Stops a replica and forgets it; completes when it is gone. Stopping twice is harmless. */
    CompletableFuture<Void> stop(ProvisionedReplica replica);

    /**
     * Releases the provisioner. Replicas it started are stopped unless {@code keepReplicas}; then
     * they stay running for the next balancer to adopt.
     */
    void close(boolean keepReplicas);

    @Override
    default void close() {
        close(false);
    }
}
