package io.ringlb.balancer.proxy;

import io.netty.channel.EventLoop;
import io.ringlb.balancer.traffic.TrafficRecorder;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;

/**
 * What each event loop keeps for itself: its pool of replica connections, the connector that opens
 * new ones on the same loop (so a request never crosses threads), its replica picker, its
 * deadlines for request heads and responses, and its traffic recorder.
 */
final class LoopResources {

    /** Idle connections kept per replica per event loop. */
    static final int MAX_IDLE_PER_REPLICA = 1024;

    final EventLoop loop;
    final BackendPool pool;
    final ReplicaPicker picker;
    final DeadlineList responseDeadlines;
    final DeadlineList headDeadlines;
    final DeadlineList idleDeadlines;
    final BackendConnector connector;
    /** The loop's client connections (for shutdown). */
    final ClientList clients = new ClientList();
    /** The request-head parser of every client connection on this loop (each parse is used up before the next). */
    final RequestHead requestHead;
    final TrafficRecorder traffic;
    private long lastRingVersion = -1;
    private byte[] lastRingVersionLine;

    LoopResources(EventLoop loop, BackendConnector connector, ProxySettings settings, TrafficRecorder traffic) {
        this.loop = loop;
        this.connector = connector;
        this.traffic = traffic;
        this.picker = new ReplicaPicker(settings.balanceFactor());
        this.requestHead = new RequestHead(settings.limits());
        this.responseDeadlines = new DeadlineList(loop, settings.responseTimeout());
        this.headDeadlines = new DeadlineList(loop, settings.requestHeaderTimeout());
        this.idleDeadlines = new DeadlineList(loop, settings.clientIdleTimeout());
        long idleNanos = settings.backendIdleTimeout().toNanos();
        this.pool = new BackendPool(MAX_IDLE_PER_REPLICA, idleNanos, loop.ticker(), traffic);
        long sweep = Math.max(10, Math.min(1000, settings.backendIdleTimeout().toMillis() / 4));
        loop.scheduleAtFixedRate(pool::closeExpired, sweep, sweep, TimeUnit.MILLISECONDS);
    }

    /**
     * The field line {@code x-ring-version: V} with its CRLF, made once per version and event
     * loop (the ring changes rarely, responses are many). Not to be modified.
     */
    byte[] ringVersionLine(long version) {
        if (version != lastRingVersion) {
            lastRingVersionLine = ("x-ring-version: " + version + "\r\n").getBytes(StandardCharsets.US_ASCII);
            lastRingVersion = version;
        }
        return lastRingVersionLine;
    }
}
