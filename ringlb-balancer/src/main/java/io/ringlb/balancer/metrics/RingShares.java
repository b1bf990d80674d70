package io.ringlb.balancer.metrics;

import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.core.KeySpace;

/**
 * The exact key-space share of each ring member ({@link KeySpace#shares}), computed once per
 * published ring version and kept: readers (scrapes, the dashboard, {@code /ring}) ask often, the
 * ring changes rarely.
 */
public final class RingShares {

    private record Cached(long version, Routing.State state, double[] shares) {
    }

    private final Routing routing;
    private volatile Cached cached;

    public RingShares(Routing routing) {
        this.routing = routing;
    }

    /** The current snapshot together with its members' shares, by member number; the array is not to be modified. */
    public Snapshot current() {
        Routing.State s = routing.state();
        Cached c = cached;
        if (c == null || c.version != s.version() || c.state != s) {
            c = new Cached(s.version(), s, KeySpace.shares(s.table().ring()));
            cached = c;
        }
        return new Snapshot(c.state, c.shares);
    }

    /** A routing snapshot and the shares of its members. */
    public record Snapshot(Routing.State state, double[] shares) {

        /** {@code replica}'s share, 0 if it is not in this ring. */
        public double shareOf(Replica replica) {
            for (int i = 0; i < state.table().size(); i++) {
                if (state.table().member(i) == replica) {
                    return shares[i];
                }
            }
            return 0;
        }
    }
}
