package io.ringlb.balancer.proxy;

import io.netty.channel.EventLoop;
import java.util.concurrent.TimeUnit;

/**
 * What each event loop keeps for itself: its pool of replica connections, the connector that opens
 * new ones on the same loop (so a request never crosses threads), its replica picker, and its
 * deadlines for request heads and responses.
 */
final class LoopResources {

    /** Idle connections kept per replica per event loop. */
    static final int MAX_IDLE_PER_REPLICA = 1024;

    final EventLoop loop;
    final BackendPool pool;
    final ReplicaPicker picker;
    final DeadlineList responseDeadlines;
    final DeadlineList headDeadlines;
    final BackendConnector connector;

    LoopResources(EventLoop loop, BackendConnector connector, ProxySettings settings) {
        this.loop = loop;
        this.connector = connector;
        this.picker = new ReplicaPicker(settings.balanceFactor());
        this.responseDeadlines = new DeadlineList(loop, settings.responseTimeout());
        this.headDeadlines = new DeadlineList(loop, settings.requestHeaderTimeout());
        long idleNanos = settings.backendIdleTimeout().toNanos();
        this.pool = new BackendPool(MAX_IDLE_PER_REPLICA, idleNanos, loop.ticker());
        long sweep = Math.max(10, Math.min(1000, settings.backendIdleTimeout().toMillis() / 4));
        loop.scheduleAtFixedRate(pool::closeExpired, sweep, sweep, TimeUnit.MILLISECONDS);
    }
}
