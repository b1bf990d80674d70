package io.ringlb.cli;

import io.ringlb.docker.DockerSettings;
import io.ringlb.docker.Reach;
import java.time.Duration;
import picocli.CommandLine.Option;

/** {@code ringlb start}'s options for {@code --provisioner docker}. */
final class DockerOptions {

    @Option(names = "--replica-image", defaultValue = DockerSettings.DEFAULT_IMAGE,
            description = "docker: the image replicas run; it must be on the engine, ringlb never pulls (default: ${DEFAULT-VALUE}).")
    String replicaImage;

    @Option(names = "--docker-network", defaultValue = DockerSettings.DEFAULT_NETWORK,
            description = "docker: the user-defined network replicas join, created if absent (default: ${DEFAULT-VALUE}).")
    String network;

    @Option(names = "--cluster", defaultValue = DockerSettings.DEFAULT_CLUSTER,
            description = "docker: the label that marks this balancer's containers, one balancer per label; with "
                    + "--cluster-store, the cluster's name in etcd (containers then get <cluster>.<instance>) (default: ${DEFAULT-VALUE}).")
    String cluster;

    @Option(names = "--docker-reach", defaultValue = "auto",
            description = "docker: how replicas are reached: network (each container's address on the network), published "
                    + "(ports published on the host's 127.0.0.1), or auto (network when run in a container on it or on a host that "
                    + "routes to it, as Linux does with a local engine) (default: ${DEFAULT-VALUE}).")
    String reach;

    @Option(names = "--docker-host",
            description = "docker: the engine's address (default: $DOCKER_HOST, else unix:///var/run/docker.sock).")
    String dockerHost;

    @Option(names = "--warm-spare",
            description = "docker: keep one more replica container running, out of the ring, that the next replacement "
                    + "takes over at once; it costs that container's memory (default: off).")
    boolean warmSpare;

    @Option(names = "--replica-stop-timeout", defaultValue = "5s",
            description = "docker: a stopping replica container's time between SIGTERM and SIGKILL (default: ${DEFAULT-VALUE}).")
    Duration stopTimeout;

    /** @throws IllegalArgumentException saying which value is wrong */
    DockerSettings settings() {
        Reach r;
        try {
            r = Reach.parse(reach);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--docker-reach " + e.getMessage(), e);
        }
        return new DockerSettings(dockerHost != null ? dockerHost : DockerSettings.defaultDockerHost(), replicaImage,
                network, cluster, r, stopTimeout, warmSpare);
    }
}
