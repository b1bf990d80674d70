package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.balancer.cluster.RoutingAccess;
import io.ringlb.balancer.provision.ProvisionedReplica;
import io.ringlb.balancer.traffic.TrafficRecorder;
import io.ringlb.core.Algorithm;
import io.ringlb.core.HashingConfig;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The proxy's data path in one thread: a client connection and replica connections as embedded
 * channels, with no sockets. The test plays the client (bytes in, bytes out) and every replica
 * (what each connection received, what it answers), and moves time by hand.
 */
final class EmbeddedProxy implements AutoCloseable {

    /** How the next connection attempt goes. */
    enum Connect { SUCCEED, FAIL, PENDING }

    static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(5);
    static final Duration HEADER_TIMEOUT = Duration.ofSeconds(2);
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    final Routing routing = new Routing(HashingConfig.defaults(Algorithm.RING));
    final List<Replica> replicas = new ArrayList<>();
    final List<EmbeddedChannel> backends = new ArrayList<>();
    final List<Replica> connectedTo = new ArrayList<>();
    final List<ChannelPromise> pendingConnects = new ArrayList<>();
    final EmbeddedChannel client;
    final ProxyContext proxy;
    Connect nextConnect = Connect.SUCCEED;

    EmbeddedProxy(String... names) {
        this(settings(0), names);
    }

    EmbeddedProxy(ProxySettings settings, String... names) {
        this(settings, new TrafficRecorder(0, true, null), names);
    }

    /** With {@code traffic} recording what the client's (only) event loop does. */
    EmbeddedProxy(ProxySettings settings, TrafficRecorder traffic, String... names) {
        for (int i = 0; i < names.length; i++) {
            replicas.add(new Replica(new ProvisionedReplica(names[i], new InetSocketAddress("127.0.0.1", 9001 + i),
                    names[i], new CompletableFuture<>()), i + 1));
        }
        RoutingAccess.publish(routing, replicas);
        proxy = new ProxyContext(routing, settings, null, null, loop -> this::connect, i -> traffic);
        client = new EmbeddedChannel(false, false);
        ProxyServerInitializer.install(client, proxy, null);
        try {
            client.register();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ProxySettings settings(long maxRequestBody) {
        return new ProxySettings(HashKey.parse("header:X-Key,random"), 0, 2, 1024, Duration.ofSeconds(1), RESPONSE_TIMEOUT,
                IDLE_TIMEOUT, HEADER_TIMEOUT, Duration.ofSeconds(30),
                new RequestLimits(8192, 16384, 100, maxRequestBody), true);
    }

    private ChannelFuture connect(Replica r) {
        connectedTo.add(r);
        EmbeddedChannel b = new EmbeddedChannel(new ReplicaConnection());
        backends.add(b);
        switch (nextConnect) {
            case FAIL -> {
                b.close();
                return b.newFailedFuture(new java.net.ConnectException("Connection refused: " + r.name()));
            }
            case PENDING -> {
                ChannelPromise p = new DefaultChannelPromise(b, b.eventLoop());
                pendingConnects.add(p);
                return p;
            }
            default -> {
                return b.newSucceededFuture();
            }
        }
    }

    /** The replica the key {@code k} (sent as X-Key) goes to first. */
    Replica ownerOf(String k) {
        return routing.table().route(routing.table().keyHasher().hashKey(k));
    }

    void send(String bytes) {
        client.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        client.runPendingTasks();
    }

    /** What the client got since the last call. */
    String received() {
        client.runPendingTasks();
        return drain(client);
    }

    /** What replica connection {@code i} got since the last call. */
    String backendGot(int i) {
        return drain(backends.get(i));
    }

    void reply(int i, String bytes) {
        EmbeddedChannel b = backends.get(i);
        b.writeInbound(Unpooled.copiedBuffer(bytes, StandardCharsets.ISO_8859_1));
        b.runPendingTasks();
        client.runPendingTasks();
    }

    /** The balancer's shutdown, as far as the proxy goes: every client connection drains. */
    void drain() {
        proxy.drain();
        client.runPendingTasks();
    }

    /** Moves the client loop's clock (deadlines) on, and runs what came due. */
    void advance(Duration d) {
        client.advanceTimeBy(d.toMillis(), TimeUnit.MILLISECONDS);
        client.runScheduledPendingTasks();
        client.runPendingTasks();
    }

    private static String drain(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        Object o;
        while ((o = ch.readOutbound()) != null) {
            ByteBuf b = (ByteBuf) o;
            sb.append(b.toString(StandardCharsets.ISO_8859_1));
            b.release();
        }
        return sb.toString();
    }

    @Override
    public void close() {
        client.finishAndReleaseAll();
        for (EmbeddedChannel b : backends) {
            b.finishAndReleaseAll();
        }
    }
}
