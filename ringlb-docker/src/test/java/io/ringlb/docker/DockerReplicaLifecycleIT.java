package io.ringlb.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Ports;
import io.ringlb.balancer.Balancer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * A balancer on the host with replicas as containers on the real engine, reached through ports
 * published on 127.0.0.1, through its whole life: start, /add and /rm, a {@code docker kill}
 * under load, failing heartbeats, restarts that adopt, and a graceful stop that removes all.
 * Each step's effect is checked with the engine's own API.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DockerReplicaLifecycleIT {

    private static final Duration HEAL_LIMIT = Duration.ofSeconds(30);

    private TestCluster cluster;
    private Balancer balancer;
    private Http http;

    @BeforeAll
    void startThreeContainers() throws Exception {
        cluster = new TestCluster("life");
        long t0 = System.nanoTime();
        balancer = cluster.start(Reach.PUBLISHED, 3, true);
        System.out.printf("[measured] 3 container replicas started and ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        http = new Http(balancer.address());
    }

    @AfterAll
    void removeEverything() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void eachReplicaIsAContainerNamedAfterItReachableOnlyOnLoopback() {
        List<String> replicas = http.replicas();
        assertThat(replicas).hasSize(3);
        assertThat(cluster.runningNames()).containsExactlyInAnyOrderElementsOf(replicas);
        for (String name : replicas) {
            InspectContainerResponse c = cluster.inspect(name);
            assertThat(c.getConfig().getHostName()).isEqualTo(name);
            assertThat(c.getNetworkSettings().getNetworks().get(cluster.network).getAliases()).contains(name);
            assertThat(c.getConfig().getLabels())
                    .containsEntry(ContainerLabels.CLUSTER, cluster.cluster)
                    .containsEntry(ContainerLabels.REPLICA, name);
            Ports.Binding[] published = c.getNetworkSettings().getPorts().getBindings().get(ContainerAddress.EXPOSED);
            assertThat(published).isNotEmpty().allSatisfy(b -> assertThat(b.getHostIp()).isEqualTo("127.0.0.1"));
            Http replica = new Http(new InetSocketAddress("127.0.0.1", Integer.parseInt(published[0].getHostPortSpec())));
            assertThat(replica.get("/home").message()).isEqualTo("Hello from Server: " + name);
        }
    }

    @Test
    @Order(2)
    void addAndRmCreateAndRemoveContainers() throws Exception {
        String named = "add-" + cluster.suffix;
        Http.Reply added = http.send("POST", "/add", "{\"n\": 2, \"hostnames\": [\"" + named + "\"]}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.replicas()).hasSize(5).contains(named);
        assertThat(cluster.runningNames()).containsExactlyInAnyOrderElementsOf(added.replicas());
        String generated = added.replicas().get(4);
        String namedId = cluster.inspect(named).getId();
        String generatedId = cluster.inspect(generated).getId();

        Http.Reply removed = http.send("DELETE", "/rm", "{\"n\": 2, \"hostnames\": [\"" + named + "\", \"" + generated + "\"]}");
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.replicas()).hasSize(3).doesNotContain(named, generated);
        // Renamed at once (the names are free), then stopped and removed once drained.
        assertThat(cluster.inspect(named)).isNull();
        Eventually.within(Duration.ofSeconds(20),
                () -> cluster.inspect(namedId) == null && cluster.inspect(generatedId) == null,
                () -> "containers left: " + cluster.runningNames());
        assertThat(cluster.runningNames()).containsExactlyInAnyOrderElementsOf(http.replicas());
    }

    @Test
    @Order(3)
    void dockerKillUnderLoadIsHealedWithoutAFailedGet() throws Exception {
        String victim = http.replicas().get(0);
        GetLoad load = new GetLoad(balancer.address(), 4, Duration.ofSeconds(60));
        try (load) {
            Eventually.within(Duration.ofSeconds(10), () -> load.ok() > 200, () -> load.ok() + " ok");
            long t0 = System.nanoTime();
            cluster.docker.killContainerCmd(victim).exec();
            Eventually.within(HEAL_LIMIT, () -> healed(victim), () -> "/rep " + http.replicas() + ", containers " + cluster.runningNames());
            System.out.printf("[measured] docker kill %s -> N=3 restored with a new container in %d ms%n",
                    victim, (System.nanoTime() - t0) / 1_000_000);
            int okAtRestore = load.ok();
            Eventually.within(Duration.ofSeconds(10), () -> load.ok() > okAtRestore + 200, () -> load.ok() + " ok");
        }
        System.out.printf("[measured] GETs during the kill: %d ok, %d failed%n", load.ok(), load.failed());
        assertThat(load.failed()).as("failed GETs: %s", load.failures()).isZero();
        assertThat(cluster.inspect(victim)).as("the killed container is removed").isNull();
    }

    @Test
    @Order(4)
    void failingHeartbeatsReplaceTheContainerUnderANewName() throws Exception {
        String victim = http.replicas().get(1);
        cluster.docker.pauseContainerCmd(victim).exec(); // alive to the engine, silent to heartbeats
        long t0 = System.nanoTime();
        Eventually.within(HEAL_LIMIT, () -> healed(victim) && cluster.inspect(victim) == null,
                () -> "/rep " + http.replicas() + ", containers " + cluster.runningNames());
        System.out.printf("[measured] paused %s -> replaced after failed heartbeats in %d ms%n", victim, (System.nanoTime() - t0) / 1_000_000);
    }

    @Test
    @Order(5)
    void aRestartedBalancerAdoptsTheRunningContainers() throws Exception {
        List<String> before = http.replicas();
        Map<String, String> ids = containerIds();
        balancer.close(); // keeps the containers, as after a crash
        assertThat(containerIds()).isEqualTo(ids);

        long t0 = System.nanoTime();
        balancer = cluster.start(Reach.PUBLISHED, 3, true);
        System.out.printf("[measured] restart adopting 3 containers: ready in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        http = new Http(balancer.address());
        assertThat(http.replicas()).as("same replicas, same order").isEqualTo(before);
        assertThat(containerIds()).as("the same containers, no new ones").isEqualTo(ids);
        assertThat(http.get("/home").status()).isEqualTo(200);
    }

    @Test
    @Order(6)
    void aRestartRemovesDeadContainersAndReplacesThem() throws Exception {
        List<String> before = http.replicas();
        balancer.close();
        String dead = before.get(1);
        cluster.docker.killContainerCmd(dead).exec();

        balancer = cluster.start(Reach.PUBLISHED, 3, false);
        http = new Http(balancer.address());
        List<String> after = http.replicas();
        assertThat(after).hasSize(3).doesNotContain(dead).startsWith(before.get(0), before.get(2));
        assertThat(cluster.inspect(dead)).as("the dead container is removed").isNull();
        assertThat(cluster.containers()).hasSize(3);
        assertThat(cluster.runningNames()).containsExactlyInAnyOrderElementsOf(after);
    }

    @Test
    @Order(7)
    void aGracefulStopRemovesEveryContainer() {
        balancer.close();
        assertThat(cluster.containers()).isEmpty();
    }

    /** N is 3 again, without {@code victim}, and the engine runs exactly the replicas /rep lists. */
    private boolean healed(String victim) {
        List<String> replicas = http.replicas();
        List<String> sorted = new ArrayList<>(replicas);
        sorted.sort(null);
        return replicas.size() == 3 && !replicas.contains(victim) && cluster.runningNames().equals(sorted);
    }

    private Map<String, String> containerIds() {
        Map<String, String> ids = new TreeMap<>();
        for (Container c : cluster.containers()) {
            ids.put(c.getNames()[0], c.getId() + " " + c.getState());
        }
        return ids;
    }
}
