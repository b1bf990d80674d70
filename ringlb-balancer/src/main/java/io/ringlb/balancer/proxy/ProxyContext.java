package io.ringlb.balancer.proxy;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.Future;
import io.ringlb.balancer.admin.AdminApi;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.balancer.traffic.TrafficRecorder;
import io.ringlb.transport.Transport;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * What every client connection shares: the published routing state, the settings, the admin
 * API, each event loop's own {@link LoopResources}, and the open client connections (to drain
 * them on shutdown). Immutable after construction, apart from the connection group.
 */
public final class ProxyContext {

    final Routing routing;
    final ProxySettings settings;
    final AdminApi admin;
    /** Whether responses carry the ring's version ({@link Routing#versionShown()}). */
    final boolean showRingVersion;
    private final Map<EventExecutor, LoopResources> loops = new IdentityHashMap<>();
    private final Function<EventLoop, BackendConnector> lateLoops;
    private final IntFunction<TrafficRecorder> recorders;

    public ProxyContext(Routing routing, ProxySettings settings, AdminApi admin, EventLoopGroup group, Transport transport) {
        this(routing, settings, admin, group, transport, i -> new TrafficRecorder(i, true, null));
    }

    /**
     * @param recorders the traffic recorder of each event loop, by its position in {@code group}
     */
    public ProxyContext(Routing routing, ProxySettings settings, AdminApi admin, EventLoopGroup group, Transport transport,
                        IntFunction<TrafficRecorder> recorders) {
        this(routing, settings, admin, group, loop -> new BootstrapConnector(loop, transport, settings.connectTimeout()), recorders);
    }

    ProxyContext(Routing routing, ProxySettings settings, AdminApi admin, Iterable<EventExecutor> loops,
                 Function<EventLoop, BackendConnector> connectors) {
        this(routing, settings, admin, loops, connectors, i -> new TrafficRecorder(i, true, null));
    }

    /**
     * With the given way to open replica connections on each loop. Without {@code loops}, each
     * loop gets its resources when its first connection comes (in-process tests: embedded
     * channels, each on its own loop, one thread).
     */
    ProxyContext(Routing routing, ProxySettings settings, AdminApi admin, Iterable<EventExecutor> loops,
                 Function<EventLoop, BackendConnector> connectors, IntFunction<TrafficRecorder> recorders) {
        this.routing = routing;
        this.settings = settings;
        this.admin = admin;
        this.showRingVersion = routing.versionShown();
        this.lateLoops = loops == null ? connectors : null;
        this.recorders = recorders;
        for (EventExecutor e : loops == null ? java.util.List.<EventExecutor>of() : loops) {
            EventLoop loop = (EventLoop) e;
            this.loops.put(e, new LoopResources(loop, connectors.apply(loop), settings, recorders.apply(this.loops.size())));
        }
        // A replica that leaves for good: each loop closes its idle connections to it.
        routing.onRetire(replica -> {
            for (LoopResources lr : this.loops.values()) {
                lr.loop.execute(() -> lr.pool.closeAll(replica));
            }
        });
    }

    LoopResources resourcesFor(EventLoop loop) {
        LoopResources lr = loops.get(loop);
        if (lr == null && lateLoops != null) {
            lr = new LoopResources(loop, lateLoops.apply(loop), settings, recorders.apply(loops.size()));
            loops.put(loop, lr);
        }
        if (lr == null) {
            throw new IllegalStateException("channel on a foreign event loop: " + loop);
        }
        return lr;
    }

    /** Client connections open now. */
    public int openConnections() {
        int n = 0;
        for (LoopResources lr : loops.values()) {
            n += lr.clients.size();
        }
        return n;
    }

    /**
     * Tells every client connection that the balancer stops: idle ones close at once, busy ones
     * after their current response, which says {@code Connection: close} if it has not started.
     */
    public void drain() {
        for (LoopResources lr : loops.values()) {
            lr.loop.execute(() -> lr.clients.forEach(FrontendHandler::drain));
        }
    }

    /** Closes every client connection still open (the shutdown grace is over), waiting up to 2 s. */
    public void closeAll() {
        List<Future<?>> done = new ArrayList<>();
        for (LoopResources lr : loops.values()) {
            done.add(lr.loop.submit(() -> lr.clients.forEach(f -> f.ctx.close())));
        }
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (Future<?> f : done) {
            f.awaitUninterruptibly(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        }
    }

}
