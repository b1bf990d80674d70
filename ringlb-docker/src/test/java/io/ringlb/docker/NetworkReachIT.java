package io.ringlb.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Ports;
import io.ringlb.balancer.Balancer;
import io.ringlb.balancer.cluster.Replica;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Replicas reached on their network, as a balancer inside the compose deployment reaches them, and
 * as one on a Linux host does by default. Run from the host, which on Linux reaches a bridge
 * network's containers directly.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NetworkReachIT {

    @Test
    void replicasOnTheNetworkPublishNothingAndAreHealed() throws Exception {
        try (TestCluster cluster = new TestCluster("net")) {
            Balancer balancer = cluster.start(Reach.NETWORK, 2, false);
            Http http = new Http(balancer.address());
            List<String> replicas = http.replicas();
            assertThat(replicas).hasSize(2);
            for (Replica r : balancer.routing().table().members()) {
                InspectContainerResponse c = cluster.inspect(r.name());
                assertThat(r.address().getAddress().getHostAddress())
                        .isEqualTo(c.getNetworkSettings().getNetworks().get(cluster.network).getIpAddress());
                assertThat(r.address().getPort()).isEqualTo(ContainerAddress.REPLICA_PORT);
                Ports published = c.getHostConfig().getPortBindings();
                assertThat(published == null ? Map.of() : published.getBindings()).as("nothing published").isEmpty();
            }
            assertThat(http.get("/home").status()).isEqualTo(200);

            String victim = replicas.get(0);
            try (ReplicaKiller killer = new ReplicaKiller(DockerTestEngine.HOST)) {
                killer.kill(victim);
                assertThatThrownBy(() -> killer.kill("no-such-" + cluster.suffix))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("no container named 'no-such-" + cluster.suffix + "' on the Docker engine");
            }
            Eventually.within(Duration.ofSeconds(30), () -> {
                List<String> now = http.replicas();
                return now.size() == 2 && !now.contains(victim);
            }, () -> "/rep " + http.replicas());
            assertThat(http.get("/home").status()).isEqualTo(200);
            balancer.close();
            assertThat(cluster.containers()).isEmpty();
        }
    }

    @Test
    void autoOnTheHostGoesStraightToTheNetworkWhenTheHostRoutesThere() throws Exception {
        try (TestCluster cluster = new TestCluster("auto")) {
            Balancer balancer = cluster.start(Reach.AUTO, 1, false);
            Replica r = balancer.routing().table().members().get(0);
            InspectContainerResponse c = cluster.inspect(r.name());
            Ports published = c.getHostConfig().getPortBindings();
            if (HostRoute.reaches(cluster.docker, cluster.network)) {
                assertThat(r.address().getAddress().getHostAddress())
                        .isEqualTo(c.getNetworkSettings().getNetworks().get(cluster.network).getIpAddress());
                assertThat(published == null ? Map.of() : published.getBindings()).as("nothing published").isEmpty();
            } else {
                assertThat(r.address().getAddress().getHostAddress()).isEqualTo(ContainerAddress.HOST_IP);
            }
            assertThat(new Http(balancer.address()).get("/home").status()).isEqualTo(200);
        }
    }
}
