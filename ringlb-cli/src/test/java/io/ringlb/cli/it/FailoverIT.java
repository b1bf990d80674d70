package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Self-healing: a replica killed with SIGKILL under continuous traffic costs no failed request,
 * and a replacement with a new name restores N within 3 seconds.
 */
class FailoverIT {

    @Test
    void killingAReplicaUnderLoadLosesNothingAndNIsRestored() throws Exception {
        Http http = new Http();
        try (RinglbProcess lb = RinglbProcess.start("--replicas", "3")) {
            List<String> before = names(http.get(lb.url("/rep")));
            assertThat(before).containsExactly("server1", "server2", "server3");

            Load load = new Load(http, List.of(lb.url("/home")), 4);
            Thread.sleep(1000);
            long pid = lb.replicaPid("server2");
            assertThat(pid).isPositive();
            long killedAt = System.nanoTime();
            ProcessHandle.of(pid).orElseThrow().destroyForcibly();

            long restoredMs = -1;
            List<String> after = List.of();
            while (System.nanoTime() - killedAt < Duration.ofSeconds(10).toNanos()) {
                after = names(http.get(lb.url("/rep")));
                if (after.size() == 3 && !after.contains("server2")) {
                    restoredMs = (System.nanoTime() - killedAt) / 1_000_000;
                    break;
                }
                Thread.sleep(20);
            }
            Thread.sleep(1000); // traffic keeps flowing through the new replica
            load.close();
            System.out.printf("failover: N restored %d ms after SIGKILL; %d requests ok, failures %s%n", restoredMs, load.ok(), load.failures());

            assertThat(load.failures()).as("failed requests").isEmpty();
            assertThat(load.ok()).isGreaterThan(100);
            assertThat(restoredMs).as("ms until N=3 again").isBetween(0L, 3000L);
            assertThat(after).contains("server1", "server3").hasSize(3);
            String replacement = after.stream().filter(n -> !before.contains(n)).findFirst().orElseThrow();
            assertThat(lb.replicaPid(replacement)).isPositive();
            assertThat(lb.log()).contains("replica server2: failed").contains("replica " + replacement + ": replacement joined the ring");
        }
    }

    static List<String> names(Http.Response rep) {
        List<String> names = new ArrayList<>();
        rep.json().path("message").path("replicas").forEach(n -> names.add(n.asText()));
        return names;
    }
}
