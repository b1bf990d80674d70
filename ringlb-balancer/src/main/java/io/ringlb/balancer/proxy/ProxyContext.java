package io.ringlb.balancer.proxy;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.ringlb.balancer.admin.AdminApi;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.transport.Transport;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What every client connection shares: the published routing state, the settings, the admin
 * API, and each event loop's own {@link LoopResources}. Immutable after construction.
 */
public final class ProxyContext {

    final Routing routing;
    final ProxySettings settings;
    final AdminApi admin;
    /** Whether responses carry the ring's version ({@link Routing#versionShown()}). */
    final boolean showRingVersion;
    private final Map<EventExecutor, LoopResources> loops = new IdentityHashMap<>();

    public ProxyContext(Routing routing, ProxySettings settings, AdminApi admin, EventLoopGroup group, Transport transport) {
        this.routing = routing;
        this.settings = settings;
        this.admin = admin;
        this.showRingVersion = routing.versionShown();
        for (EventExecutor e : group) {
            loops.put(e, new LoopResources((EventLoop) e, transport, settings));
        }
        // A replica that leaves for good: each loop closes its idle connections to it.
        routing.onRetire(replica -> {
            for (LoopResources lr : loops.values()) {
                lr.loop.execute(() -> lr.pool.closeAll(replica));
            }
        });
    }

    LoopResources resourcesFor(EventLoop loop) {
        LoopResources lr = loops.get(loop);
        if (lr == null) {
            throw new IllegalStateException("channel on a foreign event loop: " + loop);
        }
        return lr;
    }
}
