package io.ringlb.balancer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringlb.core.Algorithm;
import io.ringlb.core.HashingConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import io.netty.channel.EventLoopGroup;
import io.ringlb.transport.Transport;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The replica set's rules, with real replica servers started inside the test JVM. */
class ReplicaSupervisorTest {

    private final InProcessProvisioner provisioner = new InProcessProvisioner();
    private final Routing routing = new Routing(HashingConfig.defaults(Algorithm.SPEC));
    private ScheduledExecutorService control;
    private EventLoopGroup loops;
    private ReplicaSupervisor supervisor;

    @BeforeEach
    void setUp() {
        control = Executors.newSingleThreadScheduledExecutor();
        loops = Transport.best().newGroup(1, "test-heartbeats");
        HeartbeatClient heartbeats = new HeartbeatClient(Duration.ofMillis(500), loops, Transport.best(), control);
        supervisor = new ReplicaSupervisor(provisioner, routing, heartbeats, control, Duration.ofMillis(100), 2,
                new ReplicaSupervisor.Settings(6, Duration.ofSeconds(5), Duration.ofSeconds(2)));
    }

    @AfterEach
    void tearDown() {
        supervisor.close(false);
        control.shutdownNow();
        loops.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private ClusterView add(String json) {
        return supervisor.add(parse(json)).join();
    }

    private static ScaleRequest parse(String json) {
        return io.ringlb.balancer.admin.ScaleRequestParserAccess.parse(json);
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 200 && !condition.getAsBoolean(); i++) {
            Thread.sleep(25);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    @Test
    void startsTheInitialReplicasWithOrdinalsOneToN() {
        ClusterView v = supervisor.start(3, Map.of()).join();
        assertThat(v.replicas()).containsExactly("server1", "server2", "server3");
        assertThat(routing.table().members()).extracting(Replica::ordinal).containsExactly(1, 2, 3);
        assertThat(provisioner.names()).hasSize(3);
    }

    @Test
    void anAddThatCannotStartEveryReplicaChangesNothing() {
        supervisor.start(2, Map.of()).join();
        provisioner.failing.add("broken");
        assertThatThrownBy(() -> add("{\"n\": 2, \"hostnames\": [\"fine\", \"broken\"]}"))
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(AdminException.class).hasMessageContaining("nothing changed").hasMessageContaining("broken");
        assertThat(routing.view().replicas()).containsExactly("server1", "server2");
        // "fine" started, then was stopped again.
        assertThat(provisioner.names()).containsExactlyInAnyOrder("server1", "server2");
        // Its name and ordinal are free again.
        assertThat(add("{\"n\": 1, \"hostnames\": [\"fine\"]}").replicas()).containsExactly("server1", "server2", "fine");
        assertThat(routing.table().member(2).ordinal()).isEqualTo(3);
    }

    @Test
    void aCrashedReplicaIsReplacedUnderANewNameAndTheFreedOrdinal() throws Exception {
        supervisor.start(3, Map.of()).join();
        provisioner.crash("server2");
        await(() -> routing.view().n() == 3 && !routing.view().replicas().contains("server2"));
        List<String> names = routing.view().replicas();
        assertThat(names).startsWith("server1", "server3");
        Replica replacement = routing.table().member(2);
        assertThat(replacement.name()).matches("srv[a-z0-9]{6}");
        assertThat(replacement.ordinal()).as("spec mode: the replacement takes the dead replica's id").isEqualTo(2);
    }

    @Test
    void removingWhileAReplacementStartsKeepsTheNewCount() throws Exception {
        supervisor.start(3, Map.of()).join();
        provisioner.startDelayMs = 700;
        provisioner.crash("server1");
        await(() -> routing.view().n() == 2);
        supervisor.remove(parse("{\"n\": 1, \"hostnames\": [\"server2\"]}")).join();
        assertThat(routing.view().replicas()).containsExactly("server3");
        // The replacement arrives and makes 2: the desired count after 3 - 1 (crash, replaced) - 1 (removed).
        await(() -> routing.view().n() == 2);
        Thread.sleep(1000);
        assertThat(routing.view().n()).isEqualTo(2);
    }

    @Test
    void replacementsStillStartingCountTowardsTheMaximum() throws Exception {
        supervisor.start(6, Map.of()).join();
        provisioner.startDelayMs = 700;
        provisioner.crash("server1");
        await(() -> routing.view().n() == 5);
        assertThatThrownBy(() -> add("{\"n\": 1}")).cause().hasMessageContaining("maximum of 6");
        await(() -> routing.view().n() == 6);
    }

    @Test
    void removeDrainsThenStops() throws Exception {
        supervisor.start(2, Map.of()).join();
        Replica busy = routing.table().member(1);
        busy.requestStarted();
        supervisor.remove(parse("{\"n\": 1, \"hostnames\": [\"server2\"]}")).join();
        assertThat(routing.view().replicas()).containsExactly("server1");
        Thread.sleep(300);
        assertThat(provisioner.names()).as("still draining").contains("server2");
        busy.requestFinished();
        await(() -> !provisioner.names().contains("server2"));
        assertThat(busy.retired()).isTrue();
    }

    @Test
    void aRemovedNameIsFreeAtOnceWhileItsReplicaDrains() throws Exception {
        supervisor.start(2, Map.of()).join();
        Replica old = routing.table().member(1);
        old.requestStarted();
        supervisor.remove(parse("{\"n\": 1, \"hostnames\": [\"server2\"]}")).join();
        ClusterView v = add("{\"n\": 1, \"hostnames\": [\"SERVER2\"]}");
        assertThat(v.replicas()).containsExactly("server1", "SERVER2");
        Replica fresh = routing.table().member(1);
        assertThat(fresh).isNotSameAs(old);
        assertThat(fresh.ordinal()).as("the smallest free id: the drained replica's").isEqualTo(2);
        assertThat(provisioner.names()).as("the old one still drains").containsExactlyInAnyOrder("server1", "server2", "SERVER2");
        old.requestFinished();
        await(() -> provisioner.names().size() == 2);
        assertThat(provisioner.names()).containsExactlyInAnyOrder("server1", "SERVER2");
        assertThat(old.retired()).isTrue();
        assertThat(fresh.retired()).isFalse();
    }

    @Test
    void validationUsesTheContractsMessagesAndLimits() {
        supervisor.start(3, Map.of()).join();
        assertThatThrownBy(() -> add("{\"n\": 1, \"hostnames\": [\"a\", \"b\"]}")).cause()
                .hasMessage("<Error> Length of hostname list is more than newly added instances");
        assertThatThrownBy(() -> supervisor.remove(parse("{\"n\": 1, \"hostnames\": [\"a\", \"b\"]}")).join()).cause()
                .hasMessage("<Error> Length of hostname list is more than removable instances");
        assertThatThrownBy(() -> add("{\"n\": 4}")).cause().hasMessageContaining("maximum of 6");
        assertThatThrownBy(() -> add("{\"n\": 1, \"hostnames\": [\"SERVER1\"]}")).cause().hasMessageContaining("already exists");
        assertThat(routing.view().n()).isEqualTo(3);
    }
}
