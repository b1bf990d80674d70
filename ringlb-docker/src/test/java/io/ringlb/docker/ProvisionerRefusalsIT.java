package io.ringlb.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the provisioner refuses to start with on a real engine, and the network it creates. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProvisionerRefusalsIT {

    @Test
    void aMissingImageIsNeverPulledButNamed() {
        try (TestCluster cluster = new TestCluster("noimage")) {
            DockerSettings settings = cluster.settings(Reach.PUBLISHED).withReplicaImage("ringlb-no-such-image:0");
            assertThatThrownBy(() -> DockerProvisioner.open(settings))
                    .isInstanceOf(DockerUnavailableException.class)
                    .hasMessageStartingWith("image 'ringlb-no-such-image:0' is not on the Docker engine")
                    .hasMessageContaining("make images");
            assertThatThrownBy(() -> cluster.docker.inspectImageCmd("ringlb-no-such-image:0").exec())
                    .as("nothing was pulled").isInstanceOf(NotFoundException.class);
        }
    }

    @Test
    void theNetworkIsCreatedOnceAsABridgeAndReused() {
        try (TestCluster cluster = new TestCluster("network")) {
            DockerProvisioner.open(cluster.settings(Reach.PUBLISHED)).close(false);
            DockerProvisioner.open(cluster.settings(Reach.PUBLISHED)).close(false);
            Network n = cluster.docker.inspectNetworkCmd().withNetworkId(cluster.network).exec();
            assertThat(n.getDriver()).isEqualTo("bridge");
            assertThat(n.getLabels()).containsEntry(ReplicaNetwork.CREATED_BY, "ringlb");
            assertThat(cluster.docker.listNetworksCmd().withNameFilter(cluster.network).exec()).hasSize(1);
        }
    }

    @Test
    void aNameAnotherContainerHoldsIsRefused() throws Exception {
        try (TestCluster cluster = new TestCluster("names")) {
            DockerProvisioner p = DockerProvisioner.open(cluster.settings(Reach.PUBLISHED));
            try {
                String name = "held-" + cluster.suffix;
                assertThat(p.nameConflict(name)).isEmpty();
                assertThat(p.nameConflict("a")).contains("Docker container names have at least 2 characters");
                var replica = p.start(io.ringlb.balancer.provision.ReplicaSpec.named(name)).get(60, TimeUnit.SECONDS);
                assertThat(p.nameConflict(name)).as("its own replicas are the supervisor's business").isEmpty();
                try (TestCluster other = new TestCluster("names2")) {
                    DockerProvisioner q = DockerProvisioner.open(other.settings(Reach.PUBLISHED));
                    assertThat(q.nameConflict(name)).contains("a container of that name already exists on the Docker engine");
                    q.close(false);
                }
                p.stop(replica).get(30, TimeUnit.SECONDS);
                assertThat(cluster.inspect(name)).isNull();
            } finally {
                p.close(false);
            }
        }
    }
}
