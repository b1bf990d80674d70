package io.ringlb.balancer.cluster;

import io.ringlb.core.HashingConfig;
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
     * @param version bumped on every published change (standalone: a counter from 0; in etcd
     *                cluster mode, the etcd revision the ring was built from)
     */
    public record State(RoutingTable<Replica> table, ClusterView view, long version) {
    }

    private final HashingConfig hashing;
    private final List<Consumer<Replica>> retireListeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<State>> publishListeners = new CopyOnWriteArrayList<>();
    private volatile State state;

    public Routing(HashingConfig hashing) {
        this.hashing = hashing;
        this.state = new State(RoutingTable.build(hashing, List.of(), Replica::ringMember), new ClusterView(List.of(), List.of()), 0);
    }

    public HashingConfig hashing() {
        return hashing;
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

    /** Builds and publishes the snapshot for {@code ring} (in the order added). */
    void publish(List<Replica> ring, List<String> unhealthy) {
        RoutingTable<Replica> table = RoutingTable.build(hashing, ring, Replica::ringMember);
        State next = new State(table, new ClusterView(ring.stream().map(Replica::name).toList(), unhealthy), state.version() + 1);
        state = next;
        for (Consumer<State> l : publishListeners) {
            l.accept(next);
        }
    }

    /** Registers code to run (on the publishing thread) after each new snapshot is published. */
    public void onPublish(Consumer<State> listener) {
        publishListeners.add(listener);
    }

    /** Registers code to run when a replica is gone for good (to close its pooled connections). */
    public void onRetire(Consumer<Replica> listener) {
        retireListeners.add(listener);
    }

    void retire(Replica replica) {
        replica.retire();
        for (Consumer<Replica> l : retireListeners) {
            l.accept(replica);
        }
    }
}
