package io.ringlb.analysis.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ReplicaProcessesTest {

    private static final List<String> REPLICA = List.of("-Xmx96m", "-cp", "ringlb.jar", "io.ringlb.cli.Main", "replica",
            "--name", "server2", "--port", "40001", "--bind", "127.0.0.1", "--exit-with-parent");

    @Test
    void recognisesAReplicaByItsNameOption() {
        assertThat(ReplicaProcesses.runsReplica(REPLICA, "server2")).isTrue();
        assertThat(ReplicaProcesses.runsReplica(REPLICA, "server1")).isFalse();
        assertThat(ReplicaProcesses.runsReplica(List.of("replica", "--name=server1"), "server1")).isTrue();
        assertThat(ReplicaProcesses.runsReplica(List.of("start", "--name", "server1"), "server1")).isFalse();
        assertThat(ReplicaProcesses.runsReplica(List.of("replica", "--name"), "server1")).isFalse();
        assertThat(ReplicaProcesses.hasOption(REPLICA, "--port", "40001")).isTrue();
        assertThat(ReplicaProcesses.hasOption(REPLICA, "--port", "4000")).isFalse();
    }

    @Test
    void findsNoReplicaAmongProcessesThatRunNone() {
        assertThat(ReplicaProcesses.named(Stream.of(ProcessHandle.current()), "server1")).isEmpty();
    }

    @Test
    void launcherCommandRunsTheMainClassWithTheGivenArguments() {
        BalancerLauncher l = BalancerLauncher.ofThisJvm("io.ringlb.cli.Main", " -Xmx64m  -XX:+UseSerialGC ");
        assertThat(l.command(List.of("start", "--port", "0"))).containsSubsequence("-Xmx64m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), "io.ringlb.cli.Main", "start", "--port", "0");
        assertThat(l.command(List.of()).get(0)).endsWith("java");
    }
}
