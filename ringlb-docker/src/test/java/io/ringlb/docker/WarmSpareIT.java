package io.ringlb.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringlb.balancer.Balancer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code --warm-spare}: one more container runs out of the ring; a replacement takes it over (its
 * container renamed to the replica's name) and another spare follows; a graceful stop removes it,
 * and a balancer that starts removes a spare left behind instead of adopting it.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class WarmSpareIT {

    /** The names of this cluster's running containers called {@code NAME-spare}. */
    private static List<String> spares(TestCluster cluster) {
        return cluster.containers().stream()
                .filter(c -> "running".equals(c.getState()))
                .map(c -> c.getNames()[0].replaceFirst("^/", ""))
                .filter(n -> n.endsWith(WarmSpare.SUFFIX))
                .toList();
    }

    @Test
    void aReplacementTakesOverTheSpareAndAnotherFollows() throws Exception {
        try (TestCluster cluster = new TestCluster("spare")) {
            Balancer balancer = cluster.start(cluster.settings(Reach.AUTO).withWarmSpare(true), 2, false);
            Http http = new Http(balancer.address());
            Eventually.within(Duration.ofSeconds(60), () -> spares(cluster).size() == 1, () -> "containers " + cluster.runningNames());
            String spareContainer = spares(cluster).get(0);
            String spareName = spareContainer.substring(0, spareContainer.length() - WarmSpare.SUFFIX.length());
            assertThat(http.replicas()).hasSize(2).doesNotContain(spareName);
            assertThat(cluster.inspect(spareContainer).getConfig().getLabels()).containsEntry(ContainerLabels.REPLICA, spareName);

            String victim = http.replicas().get(0);
            GetLoad load = new GetLoad(balancer.address(), 2, Duration.ofSeconds(60));
            try (load; ReplicaKiller killer = new ReplicaKiller(DockerTestEngine.HOST)) {
                Eventually.within(Duration.ofSeconds(10), () -> load.ok() > 100, () -> load.ok() + " ok");
                killer.kill(victim);
                long ms = Eventually.within(Duration.ofSeconds(30), () -> {
                    List<String> now = http.replicas();
                    return now.size() == 2 && now.contains(spareName) && !now.contains(victim);
                }, () -> "/rep " + http.replicas());
                System.out.printf("[measured] docker kill -> N=2 with the warm spare in the ring: within %d ms%n", ms);
            }
            assertThat(load.failed()).as("failed GETs: %s", load.failures()).isZero();
            assertThat(cluster.inspect(spareName)).as("renamed to the replica's name").isNotNull();
            assertThat(cluster.inspect(spareName).getName()).isEqualTo("/" + spareName);
            assertThat(new Http(balancer.address()).get("/home").status()).isEqualTo(200);
            Eventually.within(Duration.ofSeconds(60), () -> spares(cluster).size() == 1 && !spares(cluster).contains(spareContainer),
                    () -> "containers " + cluster.runningNames());

            balancer.close();
            assertThat(cluster.containers()).as("the spare removed with the replicas").isEmpty();
        }
    }

    @Test
    void aSpareLeftByABalancerThatDiedIsRemovedNotAdopted() throws Exception {
        try (TestCluster cluster = new TestCluster("spare-adopt")) {
            Balancer first = cluster.start(cluster.settings(Reach.AUTO).withWarmSpare(true), 2, true);
            Eventually.within(Duration.ofSeconds(60), () -> spares(cluster).size() == 1, () -> "containers " + cluster.runningNames());
            List<String> replicas = new Http(first.address()).replicas();
            first.close();
            assertThat(spares(cluster)).as("a graceful stop removes the spare, even when it keeps the replicas").isEmpty();

            // What a balancer killed with SIGKILL leaves: a running spare container of the cluster.
            ReplicaContainers left = new ReplicaContainers(cluster.docker, cluster.settings(Reach.NETWORK), Reach.NETWORK);
            String orphan = "orphan-" + cluster.suffix;
            left.start(left.create(orphan, orphan + WarmSpare.SUFFIX, System.currentTimeMillis() * 1000, 0));
            assertThat(spares(cluster)).containsExactly(orphan + WarmSpare.SUFFIX);

            Balancer second = cluster.start(Reach.AUTO, 2, false);
            assertThat(new Http(second.address()).replicas()).isEqualTo(replicas);
            assertThat(cluster.runningNames()).containsExactlyInAnyOrderElementsOf(replicas);
        }
    }
}
