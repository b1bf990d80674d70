package io.ringlb.docker;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Labels, and the two facts read back from the engine: the added order and the own container's id. */
class ContainerLabelsTest {

    @Test
    void labelsNameTheClusterAndTheReplica() {
        assertThat(ContainerLabels.of("c1", "s1", 42, 3)).containsOnly(
                Map.entry("io.ringlb.cluster", "c1"), Map.entry("io.ringlb.replica", "s1"), Map.entry("io.ringlb.added", "42"),
                Map.entry("io.ringlb.ordinal", "3"));
        assertThat(ContainerLabels.clusterFilter("c1")).containsOnly(Map.entry("io.ringlb.cluster", "c1"));
    }

    @Test
    void addedOrderToleratesMissingOrMalformedLabels() {
        assertThat(ContainerLabels.added(Map.of("io.ringlb.added", "1700000000000001"))).isEqualTo(1700000000000001L);
        assertThat(ContainerLabels.added(Map.of("io.ringlb.added", "soon"))).isZero();
        assertThat(ContainerLabels.added(Map.of())).isZero();
        assertThat(ContainerLabels.added(null)).isZero();
    }

    @Test
    void ordinalToleratesMissingOrMalformedLabels() {
        assertThat(ContainerLabels.ordinal(Map.of("io.ringlb.ordinal", "7"))).isEqualTo(7);
        assertThat(ContainerLabels.ordinal(Map.of("io.ringlb.ordinal", "-7"))).isZero();
        assertThat(ContainerLabels.ordinal(Map.of("io.ringlb.ordinal", "99999999999"))).isZero();
        assertThat(ContainerLabels.ordinal(Map.of())).isZero();
    }

    @Test
    void ownContainerIdComesFromTheMountedHostnameFile() {
        String id = "4f1c0e2b9a7d6c5b4a3f2e1d0c9b8a7f6e5d4c3b2a1f0e9d8c7b6a5f4e3d2c1b";
        String mountinfo = "600 500 0:50 / / rw,relatime - overlay overlay rw\n"
                + "612 600 8:1 /var/lib/docker/containers/" + id + "/hostname /etc/hostname rw,relatime - ext4 /dev/sda1 rw\n";
        assertThat(OwnContainer.mountedId(mountinfo)).isEqualTo(id);
        assertThat(OwnContainer.mountedId("600 500 0:50 / / rw - overlay overlay rw\n")).isNull();
    }
}
