package io.ringlb.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.ringlb.balancer.cluster.ReplicaNames;
import io.ringlb.balancer.provision.ProvisionedReplica;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica container kept running out of the ring ({@code --warm-spare}), so that the next
 * replacement takes it over instead of waiting for the engine to start a container and for its
 * JVM to start: healing then costs only noticing the death and one rename.
 *
 * <p>The spare gets a random replica name at once (its hostname, network alias and {@code --name}
 * cannot change later), but its container is called {@code NAME-spare} until it is taken and
 * renamed {@code NAME}. A balancer that restarts removes every container whose name is not its
 * replica label, so a spare is never adopted as a replica. (Its {@link ContainerLabels#ADDED}
 * label is when it was made, not when it was taken: after a restart, a replica {@code /add}ed
 * while it waited may be listed before it.)
 */
final class WarmSpare implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WarmSpare.class);
    /** Preparing waits this long after a replica's start, so as not to slow the starts in progress. */
    static final long PREPARE_DELAY_MS = 2000;
    static final String SUFFIX = "-spare";

    private final ReplicaContainers containers;
    private final ContainerDeaths deaths;
    private final Executor calls;
    private final Supplier<Set<String>> namesInUse;
    private final LongSupplier addedClock;
    private final AtomicBoolean preparing = new AtomicBoolean();
    private ProvisionedReplica ready;
    private volatile boolean closed;

    /**
     * @param namesInUse the names of the replicas the provisioner runs (name keys)
     * @param addedClock the next {@link ContainerLabels#ADDED} value
     */
    WarmSpare(ReplicaContainers containers, ContainerDeaths deaths, Executor calls, Supplier<Set<String>> namesInUse,
              LongSupplier addedClock) {
        this.containers = containers;
        this.deaths = deaths;
        this.calls = calls;
        this.namesInUse = namesInUse;
        this.addedClock = addedClock;
    }

    /** The running spare's replica name, or empty (then one is prepared soon, if none is on the way). */
    synchronized Optional<String> name() {
        if (ready == null) {
            prepareSoon(PREPARE_DELAY_MS);
            return Optional.empty();
        }
        return Optional.of(ready.name());
    }

    /**
     * Hands over the spare called {@code name}, renaming its container {@code name} (a blocking
     * engine call), and prepares the next one; null when the spare is not called so.
     */
    ProvisionedReplica take(String name) {
        ProvisionedReplica spare;
        synchronized (this) {
            if (ready == null || !ready.name().equals(name)) {
                return null;
            }
            spare = ready;
            ready = null;
        }
        try {
            containers.rename(spare.id(), name);
        } catch (RuntimeException e) {
            // It serves all the same; only a restarted balancer would not adopt it.
            log.warn("replica {}: could not rename the spare's container to {}: {}", name, name, e.toString());
        }
        prepareSoon(PREPARE_DELAY_MS);
        return spare;
    }

    /** Prepares a spare {@code delayMs} from now unless one is there or on the way. */
    void prepareSoon(long delayMs) {
        if (closed || !preparing.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture.runAsync(this::prepare, CompletableFuture.delayedExecutor(delayMs, TimeUnit.MILLISECONDS, calls));
    }

    private void prepare() {
        String name = ReplicaNames.random(namesInUse.get());
        String id = null;
        try {
            synchronized (this) {
                if (ready != null || closed) {
                    return;
                }
            }
            // Its id is not known until a replacement takes it: no spare with --home-id (ProvisionerOptions).
            id = containers.create(name, name + SUFFIX, addedClock.getAsLong(), 0);
            CompletableFuture<Void> exited = deaths.watch(id);
            containers.start(id);
            InspectContainerResponse info = containers.inspect(id);
            InetSocketAddress address = containers.address(info, name);
            ProvisionedReplica spare = new ProvisionedReplica(name, address, id, exited);
            synchronized (this) {
                if (!closed) {
                    ready = spare;
                    id = null; // kept
                }
            }
            if (id == null) {
                log.info("docker: warm spare {} ready (container {}{})", name, name, SUFFIX);
                String spareId = spare.id();
                exited.thenRun(() -> died(spare, spareId));
            }
        } catch (RuntimeException e) {
            log.warn("docker: could not prepare a warm spare: {}", e.toString());
        } finally {
            if (id != null) {
                discard(id);
            }
            preparing.set(false);
        }
    }

    /** The spare died before it was taken: another is prepared. */
    private void died(ProvisionedReplica spare, String id) {
        synchronized (this) {
            if (ready != spare) {
                return; // taken: a replica now, which the supervisor watches
            }
            ready = null;
        }
        log.warn("docker: warm spare {} died; preparing another", spare.name());
        discard(id);
        prepareSoon(PREPARE_DELAY_MS);
    }

    private void discard(String id) {
        deaths.forget(id);
        try {
            containers.remove(id);
        } catch (RuntimeException e) {
            log.warn("docker: could not remove spare container {}: {}", id.substring(0, 12), e.toString());
        }
    }

    /** Removes the spare, if any; none is prepared after this. */
    @Override
    public void close() {
        ProvisionedReplica spare;
        synchronized (this) {
            closed = true;
            spare = ready;
            ready = null;
        }
        if (spare != null) {
            discard(spare.id());
        }
    }
}
