package io.ringlb.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The engine calls on one cluster's replica containers: create, start, find, stop and remove.
 * Every container it creates carries the cluster's labels; it only ever lists, and so adopts or
 * removes, containers that carry them. All calls block.
 */
final class ReplicaContainers {

    /** The replica's option that makes it report its id on {@code /home}. */
    private static final String HOME_ID = "--id";

    private final DockerClient docker;
    private final DockerSettings settings;
    private final Reach reach;

    /** @param reach {@link Reach#NETWORK} or {@link Reach#PUBLISHED}, already resolved */
    ReplicaContainers(DockerClient docker, DockerSettings settings, Reach reach) {
        this.docker = docker;
        this.settings = settings;
        this.reach = reach;
    }

    /**
     * Creates (but does not start) the container of replica {@code name}, added at
     * {@code addedMicros} (see {@link ContainerLabels#ADDED}), with integer id {@code ordinal}:
     * container name, hostname and network alias all {@code name}, on the replicas' network, with
     * port 8080 published on 127.0.0.1 when the balancer reaches replicas that way; with
     * {@link DockerSettings#homeId} it reports {@code ordinal} on {@code /home}.
     *
     * @return the container's id
     * @throws IllegalStateException if a container of that name already exists
     */
    String create(String name, long addedMicros, int ordinal) {
        return create(name, name, addedMicros, ordinal);
    }

    /**
     * As {@link #create(String, long, int)}, with a container name other than the replica's: a
     * warm spare's, until it is taken ({@link #rename}).
     */
    String create(String name, String containerName, long addedMicros, int ordinal) {
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(settings.network())
                .withRestartPolicy(RestartPolicy.noRestart());
        if (reach == Reach.PUBLISHED) {
            host.withPortBindings(new PortBinding(Ports.Binding.bindIp(ContainerAddress.HOST_IP), ContainerAddress.EXPOSED));
        }
        try (CreateContainerCmd cmd = docker.createContainerCmd(settings.replicaImage())) {
            return cmd.withName(containerName)
                    .withHostName(name)
                    .withAliases(name)
                    .withLabels(ContainerLabels.of(settings.cluster(), name, addedMicros, ordinal))
                    .withExposedPorts(ContainerAddress.EXPOSED)
                    .withCmd(command(name, ordinal))
                    .withStopTimeout((int) settings.stopTimeout().toSeconds())
                    .withHostConfig(host)
                    .exec()
                    .getId();
        } catch (ConflictException e) {
            throw new IllegalStateException("a container named '" + containerName + "' already exists on the Docker engine", e);
        }
    }

    /** The replica's arguments: what {@code ringlb replica} runs with in the container. */
    private List<String> command(String name, int ordinal) {
        List<String> cmd = new ArrayList<>(List.of("--name", name, "--port", Integer.toString(ContainerAddress.REPLICA_PORT), "--bind", "0.0.0.0"));
        if (settings.homeId()) {
            cmd.addAll(List.of(HOME_ID, Integer.toString(ordinal)));
        }
        return cmd;
    }

    /** Whether container {@code c} runs a replica that reports its integer id on {@code /home}. */
    static boolean reportsId(InspectContainerResponse c) {
        String[] cmd = c.getConfig() == null ? null : c.getConfig().getCmd();
        return cmd != null && Arrays.asList(cmd).contains(HOME_ID);
    }

    /** Gives container {@code id} the name {@code name}; its hostname and network alias stay. */
    void rename(String id, String name) {
        docker.renameContainerCmd(id).withName(name).exec();
    }

    void start(String id) {
        docker.startContainerCmd(id).exec();
    }

    /** The engine's current view of container {@code id}, or null if it is gone. */
    InspectContainerResponse inspect(String id) {
        try {
            return docker.inspectContainerCmd(id).exec();
        } catch (NotFoundException e) {
            return null;
        }
    }

    /** Where the balancer reaches replica {@code name} in container {@code c} (see {@link ContainerAddress#of}). */
    java.net.InetSocketAddress address(InspectContainerResponse c, String name) {
        return ContainerAddress.of(c, reach, settings.network(), name);
    }

    /** Every container of this cluster, running or not, in the order their replicas were added. */
    List<Container> list() {
        return docker.listContainersCmd()
                .withShowAll(true)
                .withLabelFilter(ContainerLabels.clusterFilter(settings.cluster()))
                .exec()
                .stream()
                .sorted(Comparator.comparingLong((Container c) -> ContainerLabels.added(c.getLabels()))
                        .thenComparing(Container::getCreated, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    /**
     * Stops container {@code id} (SIGTERM, SIGKILL after the stop timeout) and removes it. A
     * container already stopped or already gone is fine.
     */
    void remove(String id) {
        try {
            docker.stopContainerCmd(id).withTimeout((int) settings.stopTimeout().toSeconds()).exec();
        } catch (NotModifiedException | NotFoundException e) {
            // Already stopped, or already gone.
        }
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // Already gone.
        } catch (ConflictException e) {
            if (!e.getMessage().contains("already in progress")) {
                throw e;
            }
        }
    }

    /** The id of the container on the engine, of any cluster or none, called {@code name}, or null. */
    String idOf(String name) {
        try {
            InspectContainerResponse c = docker.inspectContainerCmd(name).exec();
            return c.getName() != null && c.getName().replaceFirst("^/", "").equals(name) ? c.getId() : null;
        } catch (NotFoundException e) {
            return null;
        }
    }
}
