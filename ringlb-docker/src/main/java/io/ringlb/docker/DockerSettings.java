package io.ringlb.docker;

import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * How the docker provisioner runs replicas.
 *
 * @param dockerHost   the engine's address, such as {@code unix:///var/run/docker.sock}
 * @param replicaImage the image each replica container runs; it must already be on the engine
 *                     (ringlb never pulls)
 * @param network      the user-defined network replicas join, created if absent
 * @param cluster      the label value that marks this balancer's containers
 * @param reach        how the balancer reaches the containers
 * @param stopTimeout  a stopping replica's time between SIGTERM and SIGKILL
 * @param warmSpare    keep one more replica container running, out of the ring, for the next
 *                     replacement to take over at once (it costs that container's memory)
 * @param homeId       replicas report their integer id on {@code /home} instead of their name
 */
public record DockerSettings(String dockerHost, String replicaImage, String network, String cluster, Reach reach,
                             Duration stopTimeout, boolean warmSpare, boolean homeId) {

    public static final String DEFAULT_IMAGE = "ringlb-replica:latest";
    public static final String DEFAULT_NETWORK = "ringlb-net";
    public static final String DEFAULT_CLUSTER = "ringlb";

    /** Docker's rule for network names; label values get the same, so they stay readable in filters. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

    /** @throws IllegalArgumentException with the reason when a value cannot work */
    public DockerSettings {
        Objects.requireNonNull(reach, "reach");
        if (dockerHost == null || !dockerHost.matches("(unix|tcp|npipe)://.+")) {
            throw new IllegalArgumentException("docker host '" + dockerHost + "' must look like unix:///var/run/docker.sock or tcp://HOST:PORT");
        }
        if (replicaImage == null || replicaImage.isBlank() || replicaImage.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("replica image '" + replicaImage + "' must be an image reference such as " + DEFAULT_IMAGE);
        }
        check(network, "network");
        check(cluster, "cluster");
        if (stopTimeout == null || stopTimeout.isNegative() || stopTimeout.toSeconds() > 600) {
            throw new IllegalArgumentException("stop timeout must be 0-600 s, got " + stopTimeout);
        }
        if (network.equals("bridge") || network.equals("host") || network.equals("none")) {
            throw new IllegalArgumentException("network '" + network + "' is one of Docker's built-in networks, where "
                    + "containers cannot find each other by name; name a user-defined one such as " + DEFAULT_NETWORK);
        }
    }

    /** Settings without a warm spare, for replicas that report their name on {@code /home}. */
    public DockerSettings(String dockerHost, String replicaImage, String network, String cluster, Reach reach,
                          Duration stopTimeout) {
        this(dockerHost, replicaImage, network, cluster, reach, stopTimeout, false);
    }

    /** Settings for replicas that report their name on {@code /home}. */
    public DockerSettings(String dockerHost, String replicaImage, String network, String cluster, Reach reach,
                          Duration stopTimeout, boolean warmSpare) {
        this(dockerHost, replicaImage, network, cluster, reach, stopTimeout, warmSpare, false);
    }

    /** The defaults, on the engine {@code dockerHost}. */
    public static DockerSettings defaults(String dockerHost) {
        return new DockerSettings(dockerHost, DEFAULT_IMAGE, DEFAULT_NETWORK, DEFAULT_CLUSTER, Reach.AUTO, Duration.ofSeconds(5));
    }

    /** {@code DOCKER_HOST} when set, else the local engine's unix socket. */
    public static String defaultDockerHost() {
        String env = System.getenv("DOCKER_HOST");
        return env != null && !env.isBlank() ? env.trim() : "unix:///var/run/docker.sock";
    }

    public DockerSettings withCluster(String c) {
        return new DockerSettings(dockerHost, replicaImage, network, c, reach, stopTimeout, warmSpare, homeId);
    }

    public DockerSettings withNetwork(String n) {
        return new DockerSettings(dockerHost, replicaImage, n, cluster, reach, stopTimeout, warmSpare, homeId);
    }

    public DockerSettings withReach(Reach r) {
        return new DockerSettings(dockerHost, replicaImage, network, cluster, r, stopTimeout, warmSpare, homeId);
    }

    public DockerSettings withWarmSpare(boolean spare) {
        return new DockerSettings(dockerHost, replicaImage, network, cluster, reach, stopTimeout, spare, homeId);
    }

    public DockerSettings withHomeId(boolean on) {
        return new DockerSettings(dockerHost, replicaImage, network, cluster, reach, stopTimeout, warmSpare, on);
    }

    public DockerSettings withReplicaImage(String image) {
        return new DockerSettings(dockerHost, image, network, cluster, reach, stopTimeout, warmSpare, homeId);
    }

    private static void check(String value, String what) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' must be 1-128 letters, digits, '_', '.' or '-', "
                    + "starting with a letter or digit");
        }
    }
}
