package io.ringlb.balancer.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoopGroup;
import io.ringlb.balancer.provision.ProvisionedReplica;
import io.ringlb.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * "Could not open a socket here" is never "the replica is down": the flood that exhausted the
 * file descriptors once took every healthy replica out.
 */
class HeartbeatLocalFailuresTest {

    @Test
    void tellsThisMachinesFailuresFromTheReplicas() {
        assertThat(LocalFailures.isLocal(new SocketException("Too many open files"))).isTrue();
        assertThat(LocalFailures.isLocal(new io.netty.channel.ChannelException("newSocketStream(..) failed",
                new SocketException("Too many open files in system")))).isTrue();
        assertThat(LocalFailures.isLocal(new IllegalStateException("channel not registered to an event loop"))).isTrue();
        assertThat(LocalFailures.isLocal(new IOException("connect(..) failed: Cannot assign requested address"))).isTrue();
        assertThat(LocalFailures.isLocal(new java.util.concurrent.RejectedExecutionException("event executor terminated"))).isTrue();
        assertThat(LocalFailures.isLocal(new java.net.ConnectException("Connection refused"))).isFalse();
        assertThat(LocalFailures.isLocal(new java.util.concurrent.TimeoutException())).isFalse();
    }

    @Test
    void aHeartbeatThatCannotOpenAChannelIsALocalFailure() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        EventLoopGroup loops = Transport.best().newGroup(1, "test-heartbeats");
        try {
            HeartbeatClient client = new HeartbeatClient(Duration.ofMillis(500), loops, Transport.best(), scheduler);
            int closedPort;
            try (ServerSocket s = new ServerSocket(0)) {
                closedPort = s.getLocalPort();
            }
            HeartbeatResult refused = client.check(new InetSocketAddress("127.0.0.1", closedPort)).get(5, TimeUnit.SECONDS);
            assertThat(refused.ok()).isFalse();
            assertThat(refused.local()).as(refused.failure()).isFalse();

            loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS).syncUninterruptibly();
            HeartbeatResult noLoop = client.check(new InetSocketAddress("127.0.0.1", closedPort)).get(5, TimeUnit.SECONDS);
            assertThat(noLoop.local()).as(noLoop.failure()).isTrue();
        } finally {
            loops.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            scheduler.shutdownNow();
        }
    }

    @Test
    void localFailuresNeverTakeAReplicaOutAndRealOnesStillDo() throws Exception {
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        AtomicReference<HeartbeatResult> next = new AtomicReference<>(HeartbeatResult.localFailure("SocketException: Too many open files"));
        ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        HeartbeatMonitor monitor = new HeartbeatMonitor(a -> CompletableFuture.completedFuture(next.get()), scheduler,
                Duration.ofMillis(10), 2, new HeartbeatMonitor.Listener() {
                    @Override
                    public void down(Replica replica, String reason) {
                        events.add("down: " + reason);
                    }

                    @Override
                    public void up(Replica replica) {
                        events.add("up");
                    }
                }, new ClusterEvents() {
                    @Override
                    public void heartbeat(Replica replica, long nanos, String failure) {
                        events.add("heartbeat: " + failure); // for metrics: never a local failure
                    }
                });
        Replica r = new Replica(new ProvisionedReplica("s1", new InetSocketAddress("127.0.0.1", 1), "1", new CompletableFuture<>()), 1);
        try {
            monitor.watch(r);
            Thread.sleep(300); // about 30 local failures
            assertThat(events).isEmpty();
            next.set(HeartbeatResult.replicaFailed("Connection refused"));
            for (int i = 0; i < 100 && events.stream().noneMatch(e -> e.startsWith("down")); i++) {
                Thread.sleep(10);
            }
            assertThat(List.copyOf(events)).startsWith("heartbeat: Connection refused", "heartbeat: Connection refused",
                    "down: 2 failed heartbeats, last: Connection refused");
        } finally {
            monitor.close();
            scheduler.shutdownNow();
        }
    }
}
