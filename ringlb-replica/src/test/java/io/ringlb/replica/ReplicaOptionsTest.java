package io.ringlb.replica;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ringlb replica}'s options, read by hand: every form the balancer and users write, and each refusal. */
class ReplicaOptionsTest {

    @Test
    void defaultsWithoutArguments() {
        assertThat(ReplicaOptions.parse(List.of()))
                .isEqualTo(new ReplicaOptions(null, 0, 8080, "127.0.0.1", 1, false, false, false));
    }

    @Test
    void theBalancersCommandLine() {
        ReplicaOptions o = ReplicaOptions.parse(List.of("--name", "server1", "--port", "40123", "--bind", "127.0.0.1",
                "--exit-with-parent"));
        assertThat(o).isEqualTo(new ReplicaOptions("server1", 0, 40123, "127.0.0.1", 1, true, false, false));
    }

    @Test
    void valuesAfterAnEqualsSignAndFlagsInAnyOrder() {
        ReplicaOptions o = ReplicaOptions.parse(List.of("--warm-up-and-exit", "--threads=2", "--name=S_K3.eu", "--port=0",
                "--bind=0.0.0.0", "--id=3"));
        assertThat(o).isEqualTo(new ReplicaOptions("S_K3.eu", 3, 0, "0.0.0.0", 2, false, true, false));
    }

    @Test
    void helpWinsOverEverythingAfterIt() {
        assertThat(ReplicaOptions.parse(List.of("--port", "1", "-h", "--no-such")).help()).isTrue();
        assertThat(ReplicaOptions.parse(List.of("--help")).help()).isTrue();
    }

    @Test
    void refusalsSayWhatIsWrong() {
        assertThatThrownBy(() -> ReplicaOptions.parse(List.of("--nmae", "x"))).hasMessage("Unknown option: '--nmae'");
        assertThatThrownBy(() -> ReplicaOptions.parse(List.of("extra"))).hasMessage("Unexpected argument: 'extra'");
        assertThatThrownBy(() -> ReplicaOptions.parse(List.of("--port"))).hasMessage("Missing value for --port");
        assertThatThrownBy(() -> ReplicaOptions.parse(List.of("--port", "http"))).hasMessage("--port must be an integer, got 'http'");
        assertThatThrownBy(() -> ReplicaOptions.parse(List.of("--port=65536"))).hasMessage("--port must be 0-65535, got 65536");
        assertThatThrownBy(() -> ReplicaOptions.parse(List.of("--threads", "0"))).hasMessage("--threads must be >= 1, got 0");
        assertThatThrownBy(() -> ReplicaOptions.parse(List.of("--exit-with-parent=yes"))).hasMessage("--exit-with-parent takes no value");
        assertThatThrownBy(() -> ReplicaOptions.parse(List.of("--name", "bad name")))
                .hasMessage("--name 'bad name' is not a valid name (1-63 letters, digits, '_', '.' or '-', starting with a letter or digit)");
        assertThatThrownBy(() -> ReplicaOptions.parse(List.of("--name", "-s1"))).hasMessageContaining("not a valid name");
        assertThatThrownBy(() -> ReplicaOptions.parse(List.of("--id", "0"))).hasMessage("--id must be a positive integer, got 0");
        assertThatThrownBy(() -> ReplicaOptions.parse(List.of("--id=-2"))).hasMessage("--id must be a positive integer, got -2");
    }

    @Test
    void namesAreWhatDockerAcceptsAsContainerNames() {
        for (String ok : List.of("server1", "a", "x".repeat(63), "S_123456", "s4.eu", "srv-2", "s1-", "s.1")) {
            assertThat(ReplicaName.isValid(ok)).as(ok).isTrue();
        }
        for (String bad : new String[] {"x".repeat(64), "-s1", "_s1", ".s1", "s 1", "s/1", "", null}) {
            assertThat(ReplicaName.isValid(bad)).as(bad).isFalse();
        }
    }
}
