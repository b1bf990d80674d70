package io.ringlb.balancer.cluster;

import io.ringlb.core.HashingConfig;
import io.ringlb.core.PointCache;
import io.ringlb.core.RingMember;
import io.ringlb.core.RoutingTable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The published state the proxy reads: an immutable routing table and the matching
 * {@code /rep} view. The supervisor publishes a new {@link State} on every change; readers take
 * the volatile reference once per request and never lock.
 */
public final class Routing {

    /**
     * One consistent snapshot.
     *
     * @param version standalone, a counter bumped on every publication; in etcd cluster mode,
     *                the etcd revision at which the ring's members last changed (the membership
     *                record the ring was built from carries it)
     */
    public record State(RoutingTable<Replica> table, ClusterView view, long version) {
    }

    private final HashingConfig hashing;
    private final boolean versionShown;
    private final List<Consumer<Replica>> retireListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<State>> publishListeners = new CopyOnWriteArrayList<>();
    /** Each member's ring points, from one publication to the next (the publishing thread's). */
    private final PointCache points = new PointCache();
    private volatile State state;

    public Routing(HashingConfig hashing) {
        this(hashing, false);
    }

    /**
     * @param versionShown whether clients see the ring's version (in {@code /rep} and an
     *                     {@code X-Ring-Version} response field): in cluster mode, where it
     *                     tells which membership revision routed a request
     */
    public Routing(HashingConfig hashing, boolean versionShown) {
        this.hashing = hashing;
        this.versionShown = versionShown;
        this.state = new State(RoutingTable.build(hashing, List.of(), Replica::ringMember), new ClusterView(List.of(), List.of()), 0);
    }

    public HashingConfig hashing() {
        return hashing;
    }

    public boolean versionShown() {
        return versionShown;
    }

    /** The current snapshot. */
    public State state() {
        return state;
    }

    public RoutingTable<Replica> table() {
        return state.table();
    }

    public ClusterView view() {
        return state.view();
    }

    /** Builds and publishes the snapshot for {@code ring} (in the order added), one version on. */
    void publish(List<Replica> ring, List<String> unhealthy) {
        publish(ring, unhealthy, state.version() + 1);
    }

    /**
     * Builds and publishes the snapshot for {@code ring} (in the order added) at {@code version}.
     * Call from one thread at a time (the control thread that owns the membership).
     */
    public void publish(List<Replica> ring, List<String> unhealthy, long version) {
        RoutingTable<Replica> table = RoutingTable.build(hashing, ring, Replica::ringMember, points);
        State next = new State(table, new ClusterView(ring.stream().map(Replica::name).toList(), unhealthy, version), version);
        state = next;
        for (Consumer<State> l : publishListeners) {
            l.accept(next);
        }
    }

    /**
     * Makes ahead the ring points of members about to join (replicas that are starting), so that
     * the publication that admits them only merges. Call from the publishing thread.
     */
    public void prepare(List<RingMember> joining) {
        hashing.prepare(joining, points);
    }

    /** Forgets what {@link #prepare} made: those replicas did not start. Call from the publishing thread. */
    public void forgetPrepared() {
        points.forgetPrepared();
    }

    /** Registers code to run (on the publishing thread) after each new snapshot is published. */
    public void onPublish(Consumer<State> listener) {
        publishListeners.add(listener);
    }

    /** Registers code to run when a replica is gone for good (to close its pooled connections). */
    public void onRetire(Consumer<Replica> listener) {
        retireListeners.add(listener);
    }

    /** Marks {@code replica} gone for good: its pooled connections close and are not reused. */
    public void retire(Replica replica) {
        replica.retire();
        for (Consumer<Replica> l : retireListeners) {
            l.accept(replica);
        }
    }
}
