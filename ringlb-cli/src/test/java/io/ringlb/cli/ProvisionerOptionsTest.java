package io.ringlb.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringlb.docker.DockerSettings;
import io.ringlb.docker.Reach;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code ringlb start}'s provisioner options: what they configure, and the usage errors they give. */
class ProvisionerOptionsTest {

    /** {@code ringlb start ARGS}, parsed. */
    static StartCommand parse(String... args) {
        CommandLine cl = Main.commandLine();
        String[] all = new String[args.length + 1];
        all[0] = "start";
        System.arraycopy(args, 0, all, 1, args.length);
        cl.parseArgs(all);
        return cl.getSubcommands().get("start").getCommand();
    }

    @Test
    void dockerOptionsBecomeSettings() {
        StartCommand start = parse("--provisioner", "docker", "--replica-image", "img:1", "--docker-network", "net1",
                "--cluster", "c1", "--docker-reach", "published", "--docker-host", "tcp://127.0.0.1:2375",
                "--replica-stop-timeout", "2s", "--keep-replicas");
        DockerSettings s = start.provisioning.docker.settings();
        assertThat(s).isEqualTo(new DockerSettings("tcp://127.0.0.1:2375", "img:1", "net1", "c1", Reach.PUBLISHED, Duration.ofSeconds(2)));
        assertThat(start.config().keepReplicas()).isTrue();
        assertThat(start.provisioning.kind()).isEqualTo("docker");
        assertThat(parse("--provisioner", "docker", "--warm-spare").provisioning.docker.settings().warmSpare()).isTrue();
    }

    @Test
    void defaultsNeedNoOption() {
        StartCommand start = parse("--provisioner", "DOCKER");
        DockerSettings s = start.provisioning.docker.settings();
        assertThat(s.replicaImage()).isEqualTo("ringlb-replica:latest");
        assertThat(s.warmSpare()).as("a warm spare costs a container's memory: off unless asked for").isFalse();
        assertThat(s.network()).isEqualTo("ringlb-net");
        assertThat(s.cluster()).isEqualTo("ringlb");
        assertThat(s.reach()).isEqualTo(Reach.AUTO);
        assertThat(start.config().keepReplicas()).isFalse();
    }

    @Test
    void badValuesAreUsageErrors() {
        assertThatThrownBy(() -> parse("--provisioner", "docker", "--docker-network", "host").config())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("network 'host' is one of Docker's built-in networks");
        assertThatThrownBy(() -> parse("--provisioner", "docker", "--docker-reach", "sideways").config())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("docker options: --docker-reach 'sideways' is not auto, network or published");
        assertThatThrownBy(() -> parse("--provisioner", "docker", "--cluster", "my cluster").config())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("cluster 'my cluster' must be");
        assertThatThrownBy(() -> parse("--provisioner", "podman").config())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--provisioner must be process, docker or static, got 'podman'");
        assertThatThrownBy(() -> parse("--provisioner", "static", "--backends", "b1=127.0.0.1:70000").config())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--backends port in 'b1=127.0.0.1:70000' must be 1-65535");
        assertThatThrownBy(() -> parse("--provisioner", "static", "--backends", "b_1.eu=127.0.0.1:7000", "--home-id").config())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageStartingWith("--home-id needs replicas ringlb starts");
        assertThatThrownBy(() -> parse("--provisioner", "static", "--backends", "-b=127.0.0.1:7000").config())
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessage("--backends name '-b' is not a valid name (1-63 letters, digits, '_', '.' or '-', starting with a letter or digit)");
    }

    @Test
    void homeIdReachesTheDockerSettings() {
        assertThat(parse("--provisioner", "docker", "--home-id").provisioning.dockerSettings().homeId()).isTrue();
        assertThat(parse("--provisioner", "docker").provisioning.dockerSettings().homeId()).isFalse();
    }
}
