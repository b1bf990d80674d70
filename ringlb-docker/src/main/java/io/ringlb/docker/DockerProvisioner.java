package io.ringlb.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.ringlb.balancer.cluster.ReplicaNames;
import io.ringlb.balancer.provision.ProvisionedReplica;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.balancer.provision.ReplicaSpec;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each replica as a Docker container, through the Engine API (never the {@code docker} CLI).
 * The container's name, hostname and network alias are the replica's name; its labels say which
 * cluster owns it. A balancer that starts adopts its cluster's running containers and removes
 * its dead ones, so restarts neither duplicate nor orphan replicas; a graceful close removes the
 * containers unless asked to keep them. A removed replica's container is renamed
 * ({@code NAME-draining-ID}) while it drains, since container names are global on an engine and
 * the name must be free at once for a new replica.
 */
public final class DockerProvisioner implements Provisioner {

    private static final Logger log = LoggerFactory.getLogger(DockerProvisioner.class);

    private final DockerSettings settings;
    private final DockerClient docker;
    private final ContainerDeaths deaths;
    private final ReplicaContainers containers;
    /** Containers this provisioner runs (started or adopted): replica name by container id. */
    private final Map<String, String> running = new ConcurrentHashMap<>();
    /** Those of {@link #running} removed from the cluster and draining: their names are not theirs any more. */
    private final Set<String> draining = ConcurrentHashMap.newKeySet();
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "docker-provisioner");
        t.setDaemon(true);
        return t;
    });
    /** The last {@link ContainerLabels#ADDED} given: start() is called in the order replicas are added. */
    private final AtomicLong addedClock = new AtomicLong();
    /** The warm spare ({@code --warm-spare}), or null. */
    private final WarmSpare spare;
    private volatile boolean closed;

    private DockerProvisioner(DockerSettings settings, DockerClient docker, ContainerDeaths deaths, Reach reach) {
        this.settings = settings;
        this.docker = docker;
        this.deaths = deaths;
        this.containers = new ReplicaContainers(docker, settings, reach);
        this.spare = settings.warmSpare() ? new WarmSpare(containers, deaths, calls,
                () -> running.values().stream().map(ReplicaNames::key).collect(Collectors.toSet()), this::nextAdded) : null;
    }

    /**
     * Connects to the engine and gets ready to run replicas: checks the replica image is there,
     * decides how replicas are reached, creates the network if absent, and starts listening for
     * container deaths.
     *
     * @throws DockerUnavailableException saying what is missing and how to fix it
     */
    public static DockerProvisioner open(DockerSettings settings) {
        Duration callTimeout = settings.stopTimeout().plusSeconds(60);
        DockerClient docker = EngineClients.commands(settings.dockerHost(), callTimeout);
        Reach reach;
        try {
            EngineClients.ping(docker, settings.dockerHost());
            requireImage(docker, settings.replicaImage());
            reach = settings.reach() == Reach.AUTO ? fromOwnContainer(docker, settings.network()) : settings.reach();
            ReplicaNetwork.ensure(docker, settings.network());
            if (reach == Reach.AUTO) {
                reach = HostRoute.reaches(docker, settings.network()) ? Reach.NETWORK : Reach.PUBLISHED;
            }
        } catch (RuntimeException e) {
            closeQuietly(docker);
            throw e;
        }
        ContainerDeaths deaths = ContainerDeaths.start(settings.dockerHost(), settings.cluster());
        log.info("docker: engine at {}, image {}, network {}, cluster {}, replicas reached {}",
                settings.dockerHost(), settings.replicaImage(), settings.network(), settings.cluster(),
                reach == Reach.NETWORK ? "at their addresses on the network" : "through ports published on " + ContainerAddress.HOST_IP);
        return new DockerProvisioner(settings, docker, deaths, reach);
    }

    private static void requireImage(DockerClient docker, String image) {
        try {
            docker.inspectImageCmd(image).exec();
        } catch (NotFoundException e) {
            throw new DockerUnavailableException("image '" + image + "' is not on the Docker engine; build it with "
                    + "`make images` (scripts/docker-images.sh) or name another with --replica-image (ringlb never pulls images)", e);
        }
    }

    /**
     * {@link Reach#AUTO} in a container: {@link Reach#NETWORK} if this balancer runs in a container
     * attached to {@code network}; still {@link Reach#AUTO} when it runs on the host (or shares the
     * host's network), where the answer depends on whether the host routes to the network
     * ({@link HostRoute}): network reach then skips the engine's userland proxy on every byte and
     * the per-container port publishing on every start.
     */
    private static Reach fromOwnContainer(DockerClient docker, String network) {
        InspectContainerResponse self = OwnContainer.find(docker);
        if (self == null || (self.getHostConfig() != null && "host".equals(self.getHostConfig().getNetworkMode()))) {
            return Reach.AUTO;
        }
        var networks = self.getNetworkSettings() == null ? null : self.getNetworkSettings().getNetworks();
        if (networks != null && networks.containsKey(network)) {
            return Reach.NETWORK;
        }
        throw new DockerUnavailableException("this balancer runs in container " + self.getName().replaceFirst("^/", "")
                + ", which is not attached to network '" + network + "', so it cannot reach the replicas: attach it "
                + "(compose: networks: [" + network + "]), or run it with the host's network and --docker-reach published");
    }

    /**
     * The Docker host's addresses as this balancer's container sees them, if its {@code port} is
     * published on the host's loopback only (see {@link LoopbackPublishing}); else empty. Says in
     * the log which, and why.
     */
    public Set<InetAddress> hostPeersThroughLoopback(int port) {
        LoopbackPublishing.HostPeers host = LoopbackPublishing.hostPeers(OwnContainer.find(docker), port);
        Set<InetAddress> peers = host.addresses();
        if (peers.isEmpty()) {
            log.warn("admin: --admin-trust-docker-host trusts nobody: {}; clients outside this container need the admin token "
                    + "to change replicas", host.whyNone());
        } else {
            log.info("admin: port {} is published on the host's loopback only: admin requests from the Docker host {} count as local",
                    port, peers.stream().map(InetAddress::getHostAddress).sorted().toList());
        }
        return peers;
    }

    @Override
    public String kind() {
        return "docker";
    }

    @Override
    public boolean createsReplicas() {
        return true;
    }

    @Override
    public Optional<String> nameConflict(String name) {
        if (name.length() < 2) {
            return Optional.of("Docker container names have at least 2 characters");
        }
        String holder;
        try {
            holder = containers.idOf(name);
        } catch (RuntimeException e) {
            // The engine did not answer; creating the container will report the real problem.
            log.debug("docker: could not check the name {}: {}", name, e.toString());
            return Optional.empty();
        }
        if (holder == null || (running.containsKey(holder) && !draining.contains(holder))) {
            return Optional.empty(); // free, or a replica of ours: the supervisor's business
        }
        if (draining.contains(holder)) {
            return Optional.of("the container of the replica removed under that name still drains, and could not be renamed");
        }
        return Optional.of("a container of that name already exists on the Docker engine");
    }

    /**
     * This cluster's running containers, in the order they were added, to serve again; its
     * containers that are not running, or that this balancer cannot reach, are removed.
     */
    @Override
    public List<ProvisionedReplica> adopt() {
        List<ProvisionedReplica> adopted = new ArrayList<>();
        for (Container c : containers.list()) {
            String name = c.getLabels().get(ContainerLabels.REPLICA);
            CompletableFuture<Void> exited = deaths.watch(c.getId());
            InspectContainerResponse info = containers.inspect(c.getId());
            String problem = adoptionProblem(name, info);
            if (problem != null) {
                log.warn("docker: removing container {} of cluster {}: {}", c.getId().substring(0, 12), settings.cluster(), problem);
                deaths.forget(c.getId());
                containers.remove(c.getId());
                continue;
            }
            InetSocketAddress address = containers.address(info, name);
            running.put(c.getId(), name);
            adopted.add(new ProvisionedReplica(name, address, c.getId(), exited, ContainerLabels.ordinal(c.getLabels())));
            log.info("docker: adopting running container {} at {}", name, address);
        }
        return adopted;
    }

    /** Why container {@code info} of this cluster cannot serve as replica {@code name}, or null if it can. */
    private String adoptionProblem(String name, InspectContainerResponse info) {
        if (info == null) {
            return "it is gone";
        }
        if (info.getState() == null || !Boolean.TRUE.equals(info.getState().getRunning())
                || Boolean.TRUE.equals(info.getState().getPaused())) {
            return "it is not running (" + (info.getState() == null ? "no state" : info.getState().getStatus()) + ")";
        }
        if (("/" + name + WarmSpare.SUFFIX).equals(info.getName())) {
            return "it is a warm spare that no replacement took";
        }
        if (info.getName() != null && info.getName().startsWith("/" + DrainingName.prefix(name))) {
            return "it was draining, removed from the cluster, when the balancer before this one stopped";
        }
        if (!ReplicaNames.isValid(name) || !("/" + name).equals(info.getName())) {
            return "its replica label '" + name + "' is not a valid name matching the container's name " + info.getName();
        }
        if (ReplicaContainers.reportsId(info) != settings.homeId()) {
            return settings.homeId() ? "it reports its name on /home, and this balancer runs with --home-id"
                    : "it reports its id on /home (--home-id), and this balancer runs without --home-id";
        }
        try {
            containers.address(info, name);
            return null;
        } catch (IllegalStateException e) {
            return e.getMessage();
        }
    }

    @Override
    public Optional<String> spareName() {
        return spare == null ? Optional.empty() : spare.name();
    }

    /**
     * Starts a container for the replica, or hands over the warm spare when {@code spec} names it
     * ({@link #spareName}); with {@code --warm-spare}, a new spare is prepared a little later.
     */
    @Override
    public CompletableFuture<ProvisionedReplica> start(ReplicaSpec spec) {
        if (closed) {
            return CompletableFuture.failedFuture(new IllegalStateException("the docker provisioner is closed"));
        }
        long added = nextAdded();
        return CompletableFuture.supplyAsync(() -> {
            ProvisionedReplica taken = spare == null ? null : spare.take(spec.name());
            if (taken != null) {
                running.put(taken.id(), taken.name());
                log.info("replica {}: the warm spare took over (container {}), reached at {}", taken.name(),
                        taken.id().substring(0, 12), taken.address());
                return taken;
            }
            ProvisionedReplica started = launch(spec.name(), added, spec.ordinal());
            if (spare != null) {
                spare.prepareSoon(WarmSpare.PREPARE_DELAY_MS);
            }
            return started;
        }, calls);
    }

    /** The next {@link ContainerLabels#ADDED} value, strictly increasing. */
    private long nextAdded() {
        return addedClock.updateAndGet(prev -> Math.max(prev + 1, System.currentTimeMillis() * 1000));
    }

    private ProvisionedReplica launch(String name, long addedMicros, int ordinal) {
        long t0 = System.nanoTime();
        String id = null;
        try {
            id = containers.create(name, addedMicros, ordinal);
            CompletableFuture<Void> exited = deaths.watch(id);
            running.put(id, name);
            containers.start(id);
            InspectContainerResponse info = containers.inspect(id);
            if (info == null || info.getState() == null || !Boolean.TRUE.equals(info.getState().getRunning())) {
                throw new IllegalStateException("container exited at once" + (info == null || info.getState() == null ? ""
                        : " (exit code " + info.getState().getExitCodeLong() + ": " + info.getState().getError() + ")"));
            }
            InetSocketAddress address = containers.address(info, name);
            if (closed) {
                throw new IllegalStateException("the docker provisioner closed while the container started");
            }
            log.info("replica {}: container {} started in {} ms, reached at {}", name, id.substring(0, 12),
                    (System.nanoTime() - t0) / 1_000_000, address);
            return new ProvisionedReplica(name, address, id, exited);
        } catch (RuntimeException e) {
            if (id != null) {
                discard(name, id);
            }
            throw new CompletionException("could not start container " + name + ": " + e.getMessage(), e);
        }
    }

    /** Renames the container to {@code NAME-draining-ID} (see {@link DrainingName}). */
    @Override
    public CompletableFuture<Void> releaseName(ProvisionedReplica replica) {
        if (closed || !running.containsKey(replica.id())) {
            return CompletableFuture.completedFuture(null);
        }
        draining.add(replica.id());
        String newName = DrainingName.of(replica.name(), replica.id());
        return CompletableFuture.runAsync(() -> {
            try {
                containers.rename(replica.id(), newName);
                log.info("replica {}: container renamed {} while it drains; the name is free", replica.name(), newName);
            } catch (RuntimeException e) {
                log.warn("replica {}: could not rename its container to {} ({}); the name stays taken until it is removed",
                        replica.name(), newName, e.toString());
            }
        }, calls);
    }

    @Override
    public CompletableFuture<Void> stop(ProvisionedReplica replica) {
        if (closed || running.remove(replica.id()) == null) {
            // Not ours (any more), or closing: close() removes or keeps what is left.
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
            long t0 = System.nanoTime();
            deaths.forget(replica.id());
            containers.remove(replica.id());
            draining.remove(replica.id());
            log.info("replica {}: container stopped and removed in {} ms", replica.name(), (System.nanoTime() - t0) / 1_000_000);
        }, calls);
    }

    /** Removes a container that never became a replica, or that is left at close. */
    private void discard(String name, String id) {
        running.remove(id);
        draining.remove(id);
        deaths.forget(id);
        try {
            containers.remove(id);
        } catch (RuntimeException e) {
            log.warn("replica {}: could not remove its failed container {}: {}", name, id.substring(0, 12), e.toString());
        }
    }

    /**
     * Stops listening for deaths and, unless {@code keepReplicas}, removes every container this
     * provisioner runs, in parallel, waiting for all of them.
     */
    @Override
    public void close(boolean keepReplicas) {
        closed = true;
        if (spare != null) {
            spare.close(); // never kept: a restarted balancer would remove it anyway
        }
        deaths.close();
        if (keepReplicas) {
            log.info("docker: leaving {} container(s) running for the next balancer of cluster {}: {}",
                    running.size(), settings.cluster(), running.values());
        } else {
            List<CompletableFuture<Void>> removals = new ArrayList<>();
            for (Map.Entry<String, String> e : running.entrySet()) {
                removals.add(CompletableFuture.runAsync(() -> discard(e.getValue(), e.getKey()), calls));
            }
            try {
                CompletableFuture.allOf(removals.toArray(CompletableFuture[]::new))
                        .get(settings.stopTimeout().toSeconds() + 30, TimeUnit.SECONDS);
                log.info("docker: removed {} container(s)", removals.size());
            } catch (Exception e) {
                log.warn("docker: containers still being removed at shutdown: {}", running.values());
            }
        }
        calls.shutdown();
        closeQuietly(docker);
    }

    private static void closeQuietly(DockerClient client) {
        if (client == null) {
            return;
        }
        try {
            client.close();
        } catch (IOException e) {
            log.debug("docker: closing a client: {}", e.toString());
        }
    }
}
