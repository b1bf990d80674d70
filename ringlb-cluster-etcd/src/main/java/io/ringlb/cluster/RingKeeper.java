package io.ringlb.cluster;

import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.balancer.provision.ProvisionedReplica;
import io.ringlb.cluster.etcd.Write;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the membership record into this instance's ring: its serving members in the order
 * added, each a {@link Replica} (this instance's own replica object for those it runs, one
 * standing for the remote replica otherwise), published to {@link Routing} stamped with the
 * record's etcd revision. Every instance that applied that revision publishes the same ring.
 *
 * <p>It also takes part in drains: for each draining member, once this instance has no request
 * in flight to it (or after the drain timeout), it says so under {@code drained/}, so the owner
 * knows when it may stop the replica. Members are kept by {@link Member#id()}: a draining
 * replica keeps its own object (and so its count of requests in flight) while a new member of
 * the same name serves beside it. Control thread only.
 */
final class RingKeeper {

    private static final Logger log = LoggerFactory.getLogger(RingKeeper.class);
    private static final CompletableFuture<Void> NEVER = new CompletableFuture<>();

    private final ClusterContext cx;
    private final Routing routing;
    private final OwnedReplicas owned;
    private final Duration drainTimeout;
    private final LongSupplier lease;
    /** Replicas other instances run, by member id. */
    private final Map<String, Replica> remote = new HashMap<>();
    /** Draining members (ids) this instance has acknowledged, or is waiting to. */
    private final Set<String> acking = new HashSet<>();
    private List<Replica> published = List.of();
    private long publishedVersion = -1;

    RingKeeper(ClusterContext cx, Routing routing, OwnedReplicas owned, Duration drainTimeout, LongSupplier lease) {
        this.cx = cx;
        this.routing = routing;
        this.owned = owned;
        this.drainTimeout = drainTimeout;
        this.lease = lease;
    }

    /** Publishes the ring of {@code record} at {@code version} if it differs from the last one. */
    void publish(ClusterRecord record, long version) {
        List<Replica> ring = new ArrayList<>();
        Set<String> wanted = new HashSet<>();
        for (Member m : record.serving()) {
            Replica r = m.owner().equals(cx.me()) ? owned.serving(m.id()) : null;
            ring.add(r != null ? r : remote(m));
            wanted.add(m.id());
        }
        for (Member m : record.replicas()) {
            if (m.is(Member.State.DRAINING)) {
                wanted.add(m.id());
            }
        }
        for (var it = remote.entrySet().iterator(); it.hasNext();) {
            var e = it.next();
            if (!wanted.contains(e.getKey())) {
                routing.retire(e.getValue());
                it.remove();
            }
        }
        if (version != publishedVersion || !ring.equals(published)) {
            routing.publish(ring, List.of(), version);
            if (!ring.equals(published)) {
                log.info("cluster ring at version {}: N={} {}", version, ring.size(), ring.stream().map(Replica::name).toList());
            }
            published = ring;
            publishedVersion = version;
        }
        acknowledgeDrains(record);
    }

    /** The replica standing for {@code m}, run elsewhere; the same object while its address and id hold. */
    private Replica remote(Member m) {
        Replica r = remote.get(m.id());
        if (r != null && r.ordinal() == m.ordinal() && r.address().getPort() == m.port()
                && m.host().equals(r.provisioned().id())) {
            return r;
        }
        if (r != null) {
            routing.retire(r);
        }
        // Resolved here, on the control thread: the event loops must never wait for DNS.
        InetSocketAddress address = new InetSocketAddress(m.host(), m.port());
        r = new Replica(new ProvisionedReplica(m.name(), address, m.host(), NEVER), m.ordinal());
        remote.put(m.id(), r);
        return r;
    }

    private void acknowledgeDrains(ClusterRecord record) {
        Set<String> draining = new HashSet<>();
        for (Member m : record.replicas()) {
            if (m.is(Member.State.DRAINING)) {
                draining.add(m.id());
                if (acking.add(m.id())) {
                    Replica r = m.owner().equals(cx.me()) ? owned.any(m.id()) : remote.get(m.id());
                    whenIdle(m, r, System.nanoTime() + drainTimeout.toNanos());
                }
            }
        }
        acking.retainAll(draining);
    }

    /** Waits until this instance has nothing in flight to {@code r}, then acknowledges. */
    private void whenIdle(Member m, Replica r, long deadline) {
        if (!acking.contains(m.id())) {
            return; // it left meanwhile
        }
        if (r != null && r.inFlight() > 0 && System.nanoTime() - deadline < 0) {
            cx.control().schedule(() -> whenIdle(m, r, deadline), 20, TimeUnit.MILLISECONDS);
            return;
        }
        Write ack = new Write.Put(cx.keys().drainedAck(m.id(), cx.me()), new byte[0], lease.getAsLong());
        cx.store().txn(List.of(), List.of(ack), null).whenCompleteAsync((v, e) -> {
            if (e != null && acking.contains(m.id())) {
                log.debug("replica {}: drain acknowledgement failed ({}); retrying", m.name(), e.getMessage());
                cx.control().schedule(() -> whenIdle(m, r, deadline), 500, TimeUnit.MILLISECONDS);
            }
        }, cx.control());
    }
}
