package io.ringlb.balancer.proxy;

import io.netty.util.concurrent.Ticker;
import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.traffic.TrafficRecorder;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Idle keep-alive connections to replicas, for one event loop. Only that loop touches it, so it
 * needs no locks, and a request always reuses a connection on its own thread. Most recently used
 * first, so the connections beyond the working set sit at the other end and age out: a connection
 * idle for the backend idle timeout is closed before the replica closes it under a request.
 */
final class BackendPool {

    private final int maxIdlePerReplica;
    private final long idleTimeoutNanos;
    private final Ticker ticker;
    /** Hears how many connections are idle per replica. */
    private final TrafficRecorder traffic;
    private final Map<Replica, ArrayDeque<ReplicaConnection>> idle = new IdentityHashMap<>();

    BackendPool(int maxIdlePerReplica, long idleTimeoutNanos, Ticker ticker, TrafficRecorder traffic) {
        this.maxIdlePerReplica = maxIdlePerReplica;
        this.idleTimeoutNanos = idleTimeoutNanos;
        this.ticker = ticker;
        this.traffic = traffic;
    }

    /** An open idle connection to {@code replica}, or null. */
    ReplicaConnection acquire(Replica replica) {
        ArrayDeque<ReplicaConnection> q = idle.get(replica);
        if (q == null) {
            return null;
        }
        ReplicaConnection c;
        while ((c = q.pollLast()) != null) {
            traffic.replicaIdle(replica, -1);
            if (c.isActive()) {
                return c;
            }
        }
        return null;
    }

    /** Keeps a connection whose exchange finished cleanly; closes it if it cannot be kept. */
    void release(Replica replica, ReplicaConnection c) {
        if (replica.retired() || !c.isActive()) {
            c.close();
            return;
        }
        ArrayDeque<ReplicaConnection> q = idle.computeIfAbsent(replica, r -> new ArrayDeque<>());
        if (q.size() >= maxIdlePerReplica) {
            c.close();
            return;
        }
        c.parkIn(this, replica, ticker.nanoTime());
        q.addLast(c);
        traffic.replicaIdle(replica, 1);
    }

    /** Forgets an idle connection the replica closed. */
    void remove(Replica replica, ReplicaConnection c) {
        ArrayDeque<ReplicaConnection> q = idle.get(replica);
        if (q != null && q.remove(c)) {
            traffic.replicaIdle(replica, -1);
        }
    }

    /** Closes every idle connection to a replica that left. */
    void closeAll(Replica replica) {
        ArrayDeque<ReplicaConnection> q = idle.remove(replica);
        if (q != null) {
            traffic.replicaIdle(replica, -q.size());
            for (ReplicaConnection c : q) {
                c.close();
            }
        }
    }

    /** Closes the connections idle for longer than the idle timeout (the oldest are first in each queue). */
    void closeExpired() {
        long now = ticker.nanoTime();
        for (Map.Entry<Replica, ArrayDeque<ReplicaConnection>> e : idle.entrySet()) {
            ArrayDeque<ReplicaConnection> q = e.getValue();
            ReplicaConnection c;
            while ((c = q.peekFirst()) != null && now - c.idleSince() >= idleTimeoutNanos) {
                q.pollFirst();
                traffic.replicaIdle(e.getKey(), -1);
                c.close();
            }
        }
    }
}
