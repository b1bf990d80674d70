package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Replicas never outlive their balancer, however it ends. */
class ProcessLifecycleIT {

    @Test
    void replicasRunTheSmallJarWithItsClassDataArchive() throws Exception {
        try (RinglbProcess lb = RinglbProcess.start("--replicas", "1")) {
            List<ProcessHandle> replicas = replicaProcesses(lb);
            assertThat(replicas).hasSize(1);
            String cmd = replicas.get(0).info().commandLine().orElseThrow();
            assertThat(cmd).contains("ringlb-replica.jar io.ringlb.replica.ReplicaMain replica --name server1 ")
                    .as("the archive the build made beside the jar").containsPattern("-XX:SharedArchiveFile=\\S*/replica-\\w+\\.jsa");
        }
    }

    @Test
    void aBalancerKilledWithSigkillLeavesNoReplicaBehind() throws Exception {
        RinglbProcess lb = RinglbProcess.start("--replicas", "3");
        List<ProcessHandle> replicas = replicaProcesses(lb);
        assertThat(replicas).hasSize(3);
        lb.kill9();
        assertAllExit(replicas, Duration.ofSeconds(10));
    }

    @Test
    void aBalancerStoppedWithSigtermStopsItsReplicasAndExitsCleanly() throws Exception {
        RinglbProcess lb = RinglbProcess.start("--replicas", "2");
        List<ProcessHandle> replicas = replicaProcesses(lb);
        assertThat(replicas).hasSize(2);
        int exit = lb.stop(Duration.ofSeconds(20));
        assertThat(exit).as("exit status after SIGTERM: 143 = 128 + SIGTERM, as the JVM reports it").isIn(0, 143);
        assertAllExit(replicas, Duration.ofSeconds(5));
        assertThat(lb.log()).contains("ringlb stopped");
    }

    private static List<ProcessHandle> replicaProcesses(RinglbProcess lb) {
        return lb.descendants().stream()
                .filter(h -> h.info().commandLine().map(c -> c.contains(" replica --name ")).orElse(false))
                .toList();
    }

    private static void assertAllExit(List<ProcessHandle> processes, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (processes.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(processes.stream().filter(ProcessHandle::isAlive).map(ProcessHandle::pid).toList())
                .as("replica processes still alive").isEmpty();
    }
}
