package io.ringlb.balancer.proxy;

import io.ringlb.balancer.cluster.Replica;
import io.ringlb.core.BoundedLoads;
import io.ringlb.core.RoutingTable;
import java.util.function.IntPredicate;

/**
 * Chooses the replica for a request from the current routing table: the key's owner, or, walking
 * the ring, the next distinct replica that has not been tried yet and, with bounded loads, has
 * room. One instance per event loop, reused for every request, so a pick allocates nothing.
 */
final class ReplicaPicker implements IntPredicate {

    private final double balanceFactor;
    private RoutingTable<Replica> table;
    private Replica[] tried;
    private int triedCount;
    private long capacity;

    ReplicaPicker(double balanceFactor) {
        this.balanceFactor = balanceFactor;
    }

    /** The replica for {@code key}, skipping the first {@code triedCount} of {@code tried}; null if none. */
    Replica pick(RoutingTable<Replica> t, long key, Replica[] tried, int triedCount) {
        if (triedCount == 0 && balanceFactor <= 0) {
            return t.route(key);
        }
        this.table = t;
        this.tried = tried;
        this.triedCount = triedCount;
        this.capacity = balanceFactor > 0 ? BoundedLoads.capacity(balanceFactor, totalInFlight(t), t.size()) : Long.MAX_VALUE;
        try {
            Replica r = t.route(key, this);
            if (r == null && balanceFactor > 0) {
                // Everything untried is at capacity (possible only with retries): ignore the bound.
                capacity = Long.MAX_VALUE;
                r = t.route(key, this);
            }
            return r;
        } finally {
            this.table = null;
            this.tried = null;
        }
    }

    @Override
    public boolean test(int member) {
        Replica r = table.member(member);
        for (int i = 0; i < triedCount; i++) {
            if (tried[i] == r) {
                return false;
            }
        }
        return BoundedLoads.hasRoom(r.inFlight(), capacity);
    }

    private static long totalInFlight(RoutingTable<Replica> t) {
        long total = 0;
        for (Replica r : t.members()) {
            total += r.inFlight();
        }
        return total;
    }
}
