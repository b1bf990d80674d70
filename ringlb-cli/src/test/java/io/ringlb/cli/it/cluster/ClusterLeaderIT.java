package io.ringlb.cli.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringlb.cli.it.Http;
import io.ringlb.cli.it.Load;
import io.ringlb.cli.it.RinglbProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode against a real three-member etcd: etcd losing its quorum, and the leader
 * instance dying (SIGKILL); then {@code ringlb analyze}'s cluster experiment on the two
 * survivors (it kills their leader in turn). The replicas are spread over the three instances
 * first, so that the leader's death takes replicas with it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterLeaderIT {

    private static final String CLUSTER = "leader-it";

    private EtcdCluster etcd;
    private Instances cluster;
    private final Map<String, RinglbProcess> byName = new java.util.LinkedHashMap<>();

    @BeforeAll
    void startCluster() throws Exception {
        etcd = EtcdCluster.start(3);
        cluster = new Instances(etcd.store(), CLUSTER);
        for (String name : List.of("a", "b", "c")) {
            byName.put(name, cluster.start(name));
        }
        // Six replicas: the first three are all on a (it was alone), the next three go to b and c.
        Http.Response added = cluster.http.post(byName.get("b").url("/add"), "{\"n\": 3}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        Instances.await("six replicas everywhere", Duration.ofSeconds(30), () -> cluster.agree(live(), 6));
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
        if (etcd != null) {
            etcd.close();
        }
    }

    private List<RinglbProcess> live() {
        return byName.values().stream().filter(p -> p.process().isAlive()).toList();
    }

    @Test
    @Order(1)
    void withoutQuorumChangesAreRefusedAndTrafficFlowsThenTheClusterConverges() throws Exception {
        Http.Response before = cluster.rep(byName.get("a"));
        try (Load load = new Load(cluster.http, live().stream().map(p -> p.url("/home")).toList(), 2)) {
            Thread.sleep(500);
            etcd.stopMember(1);
            etcd.stopMember(2); // one member of three left: no quorum, no reads or writes
            Thread.sleep(3000);
            for (RinglbProcess lb : live()) {
                long t0 = System.nanoTime();
                Http.Response refused = cluster.http.post(lb.url("/add"), "{\"n\": 1}");
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertThat(refused.status()).as(refused.body()).isEqualTo(503);
                assertThat(refused.message()).startsWith("<Error> The cluster store").contains("nothing changed");
                assertThat(ms).as("refused without waiting long").isLessThan(10_000);
                assertThat(cluster.rep(lb).json()).isEqualTo(before.json());
            }
            etcd.startMember(1);
            etcd.startMember(2);
            etcd.awaitHealthy(Duration.ofSeconds(60));
            Http.Response[] added = new Http.Response[1];
            Instances.await("an /add accepted again", Duration.ofSeconds(60), () -> {
                added[0] = cluster.http.post(byName.get("c").url("/add"), "{\"n\": 1, \"hostnames\": [\"after-quorum\"]}");
                return added[0].status() != 503;
            });
            assertThat(added[0].status()).as(added[0].body()).isEqualTo(200);
            Instances.await("every instance at the new ring", Duration.ofSeconds(10), () -> cluster.agree(live(), 7));
            load.close();
            System.out.printf("cluster: %d requests ok while etcd had no quorum, failures %s%n", load.ok(), load.failures());
            assertThat(load.failures()).as("failed requests").isEmpty();
        }
        Http.Response removed = cluster.http.delete(byName.get("a").url("/rm"), "{\"n\": 1, \"hostnames\": [\"after-quorum\"]}");
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        Instances.await("back to six", Duration.ofSeconds(10), () -> cluster.agree(live(), 6));
    }

    @Test
    @Order(2)
    void whenTheLeaderDiesAnotherLeadsWithinTheLeaseTtlAndRestoresN() throws Exception {
        List<String> order = etcd.instancesByAge(CLUSTER);
        assertThat(order).containsExactlyInAnyOrder("a", "b", "c");
        String leaderName = order.get(0);
        RinglbProcess leader = byName.get(leaderName);
        List<String> before = Instances.names(cluster.rep(leader));
        List<String> ownedByLeader = before.stream().filter(n -> leader.replicaPid(n) > 0).toList();
        assertThat(ownedByLeader).as("replicas on the leader").isNotEmpty();

        long killed = System.nanoTime();
        leader.kill9();
        List<RinglbProcess> survivors = live();
        long newLeaderMs = Instances.await("a new leader", Duration.ofSeconds(30), () -> {
            List<String> now = etcd.instancesByAge(CLUSTER);
            return !now.isEmpty() && !now.contains(leaderName)
                    && survivors.stream().anyMatch(p -> p.log().contains("this instance (" + now.get(0) + ") is the leader"));
        });
        String newLeader = etcd.instancesByAge(CLUSTER).get(0);
        System.out.printf("cluster: leader %s killed; %s leads %d ms later (lease TTL %s)%n", leaderName, newLeader, newLeaderMs, Instances.TTL);
        // The bound is the lease TTL (5 s): etcd expires the lease at most a TTL after the
        // last renewal, checking every 500 ms. Two seconds of slack for a loaded machine.
        assertThat(newLeaderMs).isLessThan(7000);

        Instances.await("N=6 again on the survivors", Duration.ofSeconds(60), () -> cluster.agree(survivors, 6)
                && Instances.names(cluster.rep(survivors.get(0))).stream().noneMatch(ownedByLeader::contains));
        long restoredMs = (System.nanoTime() - killed) / 1_000_000;
        System.out.printf("cluster: N=6 again on the survivors %d ms after the leader's SIGKILL%n", restoredMs);
        List<String> after = Instances.names(cluster.rep(survivors.get(0)));
        List<String> kept = new ArrayList<>(before);
        kept.removeAll(ownedByLeader);
        assertThat(after).containsAll(kept);
        for (String name : after) {
            assertThat(cluster.replicaPid(name)).as("replica " + name + " runs on a survivor").isPositive();
        }
        for (int i = 0; i < 50; i++) {
            for (RinglbProcess p : survivors) {
                assertThat(cluster.http.get(p.url("/home"), "X-Request-Id", "after-" + i).status()).isEqualTo(200);
            }
        }
    }

    @Test
    @Order(3)
    void theAnalysisMeasuresAgreementAndKillsTheLeaderWithItsTimeline(@TempDir Path out) throws Exception {
        List<RinglbProcess> survivors = live();
        assertThat(survivors).hasSize(2);
        String targets = String.join(",", survivors.stream().map(p -> p.url("")).toList());
        String leader = etcd.instancesByAge(CLUSTER).get(0);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true", "-jar", RinglbProcess.jar().toString(), "analyze", "--target", targets,
                "--experiments", "cluster", "--requests", "500", "--failover-rate", "200", "--out", out.toString(), "--no-progress"));
        Path console = out.resolve("console.txt");
        Process analyze = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(console.toFile()).start();
        assertThat(analyze.waitFor(150, TimeUnit.SECONDS)).as("analysis finished").isTrue();
        assertThat(analyze.exitValue()).as(Files.readString(console)).isZero();

        JsonNode cluster = Http.JSON.readTree(out.resolve("results.json").toFile()).path("cluster");
        assertThat(cluster.path("agreement").path("keys").asLong()).isEqualTo(500);
        assertThat(cluster.path("agreement").path("agreement").asDouble()).isEqualTo(1.0);
        JsonNode kill = cluster.path("leaderKill");
        assertThat(kill.path("leader").asText()).isEqualTo(leader);
        assertThat(kill.path("pid").asLong()).isEqualTo(byName.get(leader).pid());
        assertThat(kill.path("newLeader").asText()).isNotEqualTo(leader).isIn(byName.keySet());
        assertThat(kill.path("restoredAt").isNumber()).as("N restored").isTrue();
        assertThat(byName.get(leader).process().waitFor(10, TimeUnit.SECONDS)).as("the leader is dead").isTrue();
        for (String chart : List.of("cluster-agreement", "cluster-leader-kill")) {
            assertThat(out.resolve("charts/" + chart + ".png")).isNotEmptyFile();
            assertThat(out.resolve("charts/" + chart + ".svg")).isNotEmptyFile();
        }
        assertThat(Files.readString(out.resolve("report.md"))).contains("## Cluster").contains("charts/cluster-leader-kill.png");
    }
}
