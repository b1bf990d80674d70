package io.ringlb.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import io.ringlb.balancer.Balancer;
import io.ringlb.balancer.BalancerConfig;
import io.ringlb.balancer.proxy.HashKey;
import io.ringlb.balancer.proxy.ProxySettings;
import io.ringlb.balancer.proxy.RequestLimits;
import io.ringlb.core.Algorithm;
import io.ringlb.core.HashingConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One test's own cluster on the engine: a cluster label and a network no other run uses, and
 * balancers started against them. {@link #close} closes those balancers, then removes every
 * container carrying the label and the network, whatever the test left.
 */
final class TestCluster implements AutoCloseable {

    final DockerClient docker;
    final String cluster;
    final String network;
    /** Unique to this run: makes replica names no other container on the engine holds. */
    final String suffix;
    private final List<Balancer> balancers = new ArrayList<>();

    TestCluster(String what) {
        this.docker = DockerTestEngine.connect();
        this.suffix = UUID.randomUUID().toString().substring(0, 8);
        this.cluster = "it-" + what + "-" + suffix;
        this.network = "ringlb-it-" + suffix;
    }

    DockerSettings settings(Reach reach) {
        return new DockerSettings(DockerTestEngine.HOST, DockerTestEngine.IMAGE, network, cluster, reach, Duration.ofSeconds(3));
    }

    /** A balancer on 127.0.0.1, any port, with {@code replicas} containers reached as {@code reach} says. */
    Balancer start(Reach reach, int replicas, boolean keepReplicas) throws Exception {
        return start(settings(reach), replicas, keepReplicas);
    }

    /** A balancer on 127.0.0.1, any port, with {@code replicas} containers run as {@code settings} say. */
    Balancer start(DockerSettings settings, int replicas, boolean keepReplicas) throws Exception {
        Balancer b = Balancer.start(config(replicas, keepReplicas), DockerProvisioner.open(settings));
        balancers.add(b);
        return b;
    }

    /** Fast heartbeats, so failures show within a second. */
    static BalancerConfig config(int replicas, boolean keepReplicas) {
        ProxySettings proxy = new ProxySettings(HashKey.parse(HashKey.DEFAULT), 0, 2, 65536, Duration.ofSeconds(1),
                Duration.ofSeconds(10), Duration.ofSeconds(30), ProxySettings.DEFAULT_REQUEST_HEADER_TIMEOUT,
                ProxySettings.DEFAULT_BACKEND_IDLE_TIMEOUT, RequestLimits.DEFAULTS, true);
        return new BalancerConfig("127.0.0.1", 0, 1, false, HashingConfig.defaults(Algorithm.RING), proxy, replicas, 16,
                Duration.ofMillis(250), 2, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(5),
                Duration.ofSeconds(2), Map.of(), keepReplicas);
    }

    /** This cluster's containers as the engine lists them, running or not. */
    List<Container> containers() {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(ContainerLabels.clusterFilter(cluster)).exec();
    }

    /** The names of this cluster's running containers, sorted. */
    List<String> runningNames() {
        return containers().stream()
                .filter(c -> "running".equals(c.getState()))
                .map(c -> c.getNames()[0].replaceFirst("^/", ""))
                .sorted()
                .toList();
    }

    /** The engine's view of the container called {@code name}, or null. */
    InspectContainerResponse inspect(String name) {
        try {
            return docker.inspectContainerCmd(name).exec();
        } catch (NotFoundException e) {
            return null;
        }
    }

    @Override
    public void close() {
        for (Balancer b : balancers) {
            b.close();
        }
        for (Container c : containers()) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            } catch (NotFoundException | ConflictException e) {
                // Already gone, or being removed (a drained replica, say).
            }
        }
        try {
            docker.removeNetworkCmd(network).exec();
        } catch (NotFoundException e) {
            // Never created.
        }
        DockerTestEngine.close(docker);
    }
}
