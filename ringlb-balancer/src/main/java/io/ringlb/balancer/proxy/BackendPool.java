package io.ringlb.balancer.proxy;

import io.netty.channel.Channel;
import io.ringlb.balancer.cluster.Replica;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Idle keep-alive connections to replicas, for one event loop. Only that loop touches it, so it
 * needs no locks, and a request always reuses a connection on its own thread. Most recently used
 * first, so idle connections beyond the working set age out on the replica's side.
 */
final class BackendPool {

    private final int maxIdlePerReplica;
    private final Map<Replica, ArrayDeque<Channel>> idle = new IdentityHashMap<>();

    BackendPool(int maxIdlePerReplica) {
        this.maxIdlePerReplica = maxIdlePerReplica;
    }

    /** An open idle connection to {@code replica}, or null. */
    Channel acquire(Replica replica) {
        ArrayDeque<Channel> q = idle.get(replica);
        if (q == null) {
            return null;
        }
        Channel ch;
        while ((ch = q.pollLast()) != null) {
            if (ch.isActive()) {
                return ch;
            }
        }
        return null;
    }

    /** Returns a connection whose exchange finished cleanly; closes it if it cannot be kept. */
    void release(Replica replica, Channel ch) {
        if (replica.retired() || !ch.isActive()) {
            ch.close();
            return;
        }
        ArrayDeque<Channel> q = idle.computeIfAbsent(replica, r -> new ArrayDeque<>());
        if (q.size() >= maxIdlePerReplica) {
            ch.close();
            return;
        }
        q.addLast(ch);
    }

    /** Forgets an idle connection the replica closed. */
    void remove(Replica replica, Channel ch) {
        ArrayDeque<Channel> q = idle.get(replica);
        if (q != null) {
            q.remove(ch);
        }
    }

    /** Closes every idle connection to a replica that left. */
    void closeAll(Replica replica) {
        ArrayDeque<Channel> q = idle.remove(replica);
        if (q != null) {
            for (Channel ch : q) {
                ch.close();
            }
        }
    }
}
