package io.ringlb.docker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What the docker options accept, and what they refuse with a reason. */
class DockerSettingsTest {

    private static final DockerSettings OK = DockerSettings.defaults("unix:///var/run/docker.sock");

    @Test
    void defaults() {
        assertThat(OK.replicaImage()).isEqualTo("ringlb-replica:latest");
        assertThat(OK.network()).isEqualTo("ringlb-net");
        assertThat(OK.cluster()).isEqualTo("ringlb");
        assertThat(OK.reach()).isEqualTo(Reach.AUTO);
    }

    @Test
    void refusesWhatCannotWork() {
        assertThatThrownBy(() -> OK.withNetwork("bridge")).hasMessageContaining("built-in networks");
        assertThatThrownBy(() -> OK.withNetwork("-net")).hasMessageContaining("network '-net' must be");
        assertThatThrownBy(() -> OK.withCluster("")).hasMessageContaining("cluster '' must be");
        assertThatThrownBy(() -> OK.withCluster("a b")).hasMessageContaining("cluster 'a b' must be");
        assertThatThrownBy(() -> OK.withReplicaImage("two words")).hasMessageContaining("must be an image reference");
        assertThatThrownBy(() -> new DockerSettings("/var/run/docker.sock", "i", "n", "c", Reach.AUTO, Duration.ofSeconds(1)))
                .hasMessageContaining("unix:///var/run/docker.sock or tcp://HOST:PORT");
        assertThatThrownBy(() -> new DockerSettings("unix:///s", "i", "n", "c", Reach.AUTO, Duration.ofSeconds(-1)))
                .hasMessageContaining("stop timeout");
    }

    @Test
    void reachParsesAnyCaseAndRefusesTheRest() {
        assertThat(Reach.parse(" Published ")).isEqualTo(Reach.PUBLISHED);
        assertThat(Reach.parse("network")).isEqualTo(Reach.NETWORK);
        assertThatThrownBy(() -> Reach.parse("host")).hasMessage("'host' is not auto, network or published");
    }

    @Test
    void noEngineIsAnErrorThatSaysWhatToDo() {
        DockerSettings nowhere = new DockerSettings("unix:///nonexistent/ringlb-test.sock", "i", "n", "c", Reach.AUTO, Duration.ofSeconds(1));
        assertThatThrownBy(() -> DockerProvisioner.open(nowhere))
                .isInstanceOf(DockerUnavailableException.class)
                .hasMessageStartingWith("no Docker engine answers at unix:///nonexistent/ringlb-test.sock")
                .hasMessageContaining("scripts/docker-engine.sh");
    }
}
