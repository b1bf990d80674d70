package io.ringlb.cluster;

import io.ringlb.balancer.cluster.HeartbeatMonitor;
import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.cluster.ReplicaNames;
import io.ringlb.balancer.cluster.ReplicaLauncher;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.balancer.provision.ProvisionedReplica;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.balancer.provision.ReplicaSpec;
import io.ringlb.cluster.etcd.Write;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas this instance runs for the cluster, driven by the membership record: a member
 * it owns that is {@code starting} is launched (its address, or why it failed, answered under
 * {@code launch/}); once {@code serving} it is watched by heartbeats; once {@code draining} its
 * name is released (the provisioner frees it outside the balancer, the record says so) and it is
 * stopped after every live instance has said it has nothing left in flight to it (or after the
 * drain timeout), then removed from the record. A replica that fails is stopped and removed from
 * the record at once (the leader starts its replacement); a replica whose member disappears from
 * the record is stopped.
 *
 * <p>Replicas are kept by member id ({@link Member#id()}), not by name: a new replica of a name
 * may start here while the old one drains. It starts once the old one's name is released here.
 * Control thread only.
 */
final class OwnedReplicas implements HeartbeatMonitor.Listener {

    private static final Logger log = LoggerFactory.getLogger(OwnedReplicas.class);

    private enum Phase { ADOPTED, LAUNCHING, LAUNCHED, SERVING, DRAINING, LEAVING }

    /** A replica run here for member {@code id}. */
    private static final class Owned {
        final String id;
        final String name;
        Phase phase;
        /** Once launched, or adopted and ready. */
        Replica replica;
        /** Found running at start, until it is ready. */
        ProvisionedReplica adopted;
        long drainDeadline;
        /** Once draining: completes when the provisioner has released the name. */
        CompletableFuture<Void> released;

        Owned(String id, String name, Phase phase) {
            this.id = id;
            this.name = name;
            this.phase = phase;
        }

        ProvisionedReplica provisioned() {
            return replica != null ? replica.provisioned() : adopted;
        }
    }

    private final ClusterContext cx;
    private final Provisioner provisioner;
    private final ReplicaLauncher launcher;
    private final HeartbeatMonitor monitor;
    private final Routing routing;
    private final Duration drainTimeout;
    private final String advertiseHost;
    private final LongSupplier lease;
    private final Runnable changed;
    /** By member id. */
    private final Map<String, Owned> owned = new HashMap<>();
    /** Replicas found running at start, by name key, until the first record gives them to members. */
    private final Map<String, ProvisionedReplica> adopted = new HashMap<>();
    private boolean closed;

    /**
     * @param advertiseHost the host other instances reach this instance's replicas at, or null
     *                      for the address the provisioner reports
     * @param changed       to call when something here changed that the ring may depend on
     */
    OwnedReplicas(ClusterContext cx, Provisioner provisioner, ReplicaLauncher launcher,
                  Function<HeartbeatMonitor.Listener, HeartbeatMonitor> monitors, Routing routing, Duration drainTimeout, String advertiseHost, LongSupplier lease, Runnable changed) {
        this.cx = cx;
        this.provisioner = provisioner;
        this.launcher = launcher;
        this.monitor = monitors.apply(this);
        this.routing = routing;
        this.drainTimeout = drainTimeout;
        this.advertiseHost = advertiseHost;
        this.lease = lease;
        this.changed = changed;
    }

    /** Replicas the provisioner already runs (containers of this instance's last run), to keep if the record still has them. */
    void adopt(List<ProvisionedReplica> running) {
        for (ProvisionedReplica p : running) {
            adopted.put(ReplicaNames.key(p.name()), p);
        }
    }

    /** The serving replica this instance runs for member {@code id}, or null. */
    Replica serving(String id) {
        Owned o = owned.get(id);
        return o != null && (o.phase == Phase.SERVING) ? o.replica : null;
    }

    /** The replica object this instance runs for member {@code id} in any phase, or null. */
    Replica any(String id) {
        Owned o = owned.get(id);
        return o == null ? null : o.replica;
    }

    /** Brings what runs here in line with {@code record}. */
    void react(ClusterRecord record) {
        if (closed) {
            return;
        }
        Map<String, Member> mine = new LinkedHashMap<>();
        for (Member m : record.replicas()) {
            if (m.owner().equals(cx.me())) {
                mine.put(m.id(), m);
            }
        }
        claimAdopted(mine.values());
        for (Member m : mine.values()) {
            Owned o = owned.get(m.id());
            switch (m.state()) {
                case STARTING -> {
                    if (o == null) {
                        launch(m);
                    }
                }
                case SERVING -> serve(m, o);
                case DRAINING -> drain(m, o);
            }
        }
        for (Owned o : new ArrayList<>(owned.values())) {
            if (!mine.containsKey(o.id) && o.phase != Phase.LAUNCHING && o.phase != Phase.LEAVING) {
                log.info("replica {}: no longer in the cluster's membership; stopping it", o.name);
                stop(o);
            }
        }
    }

    /**
     * Gives each replica found running at start to the member of its name: the serving one, else a
     * draining one (a container renamed while it drained is not adopted at all); stops the rest.
     */
    private void claimAdopted(Collection<Member> mine) {
        if (adopted.isEmpty()) {
            return;
        }
        for (Member.State state : List.of(Member.State.SERVING, Member.State.DRAINING)) {
            for (Member m : mine) {
                ProvisionedReplica p = m.is(state) && !owned.containsKey(m.id()) ? adopted.remove(m.key()) : null;
                if (p != null) {
                    Owned o = new Owned(m.id(), m.name(), Phase.ADOPTED);
                    o.adopted = p;
                    owned.put(m.id(), o);
                }
            }
        }
        for (ProvisionedReplica p : adopted.values()) {
            log.info("replica {}: found running, but no longer in the cluster's membership; stopping it", p.name());
            provisioner.stop(p);
        }
        adopted.clear();
    }

    private void launch(Member m) {
        Owned o = new Owned(m.id(), m.name(), Phase.LAUNCHING);
        owned.put(m.id(), o);
        log.info("replica {}: starting for the cluster ({}, asked by {})", m.name(), m.replacement() ? "replacement" : "/add", m.by());
        nameReleasedHere(m.key()).thenComposeAsync(v -> launcher.launch(ReplicaSpec.named(m.name()), m.ordinal()), cx.control())
                .whenCompleteAsync((r, e) -> {
                    Member now = cx.state().record().member(m.id());
                    boolean wanted = !closed && owned.get(m.id()) == o && now != null && now.is(Member.State.STARTING);
                    if (e != null) {
                        owned.remove(m.id(), o);
                        if (wanted) {
                            answer(m, LaunchResult.failed(ClusterControl.rootMessage(e)));
                        }
                        return;
                    }
                    if (!wanted) {
                        owned.remove(m.id(), o);
                        log.info("replica {}: started, but the operation that asked for it is over; stopping it", m.name());
                        routing.retire(r);
                        provisioner.stop(r.provisioned());
                        return;
                    }
                    o.replica = r;
                    o.phase = Phase.LAUNCHED;
                    answer(m, LaunchResult.ready(advertised(r.address())));
                }, cx.control());
    }

    /** Completes once every draining replica of name {@code key} here has its name released (at once if none). */
    private CompletableFuture<Void> nameReleasedHere(String key) {
        return CompletableFuture.allOf(owned.values().stream().filter(x -> x.released != null && ReplicaNames.key(x.name).equals(key))
                .map(x -> x.released).toArray(CompletableFuture[]::new));
    }

    private void answer(Member m, LaunchResult result) {
        Write put = new Write.Put(cx.keys().launchResult(m.op(), m.key()), result.toJson(), lease.getAsLong());
        cx.store().txn(List.of(), List.of(put), null).whenCompleteAsync((r, e) -> {
            if (e != null) {
                log.warn("replica {}: could not answer its launch ({}); the operation will time out", m.name(), e.getMessage());
            }
        }, cx.control());
    }

    private InetSocketAddress advertised(InetSocketAddress a) {
        String host = advertiseHost != null ? advertiseHost : a.getAddress() != null ? a.getAddress().getHostAddress() : a.getHostString();
        return InetSocketAddress.createUnresolved(host, a.getPort());
    }

    private void serve(Member m, Owned o) {
        if (o == null) {
            log.warn("replica {}: the membership says this instance runs it, but it does not; removing it", m.name());
            removeFromRecord(m, Member.State.SERVING);
            return;
        }
        if (o.phase == Phase.LAUNCHED) {
            o.phase = Phase.SERVING;
            watch(o.replica);
            log.info("replica {}: in the cluster's ring at {}", m.name(), o.replica.address());
        } else if (o.phase == Phase.ADOPTED) {
            o.phase = Phase.LAUNCHING; // until it answers
            launcher.awaitReady(o.adopted).whenCompleteAsync((v, e) -> {
                if (owned.get(m.id()) != o || o.phase != Phase.LAUNCHING || closed) {
                    return; // gone, or draining meanwhile
                }
                if (e != null) {
                    log.warn("replica {}: adopted but not answering ({}); removing it", m.name(), ClusterControl.rootMessage(e));
                    o.phase = Phase.LEAVING;
                    provisioner.stop(o.adopted);
                    removeFromRecord(m, Member.State.SERVING).whenComplete((x, y) -> owned.remove(m.id(), o));
                    return;
                }
                o.replica = new Replica(o.adopted, m.ordinal());
                o.phase = Phase.SERVING;
                watch(o.replica);
                log.info("replica {}: adopted at {}", m.name(), o.adopted.address());
                changed.run();
            }, cx.control());
        }
    }

    private void watch(Replica r) {
        monitor.watch(r);
        r.provisioned().exited().thenRun(() -> down(r, "it exited"));
    }

    private void drain(Member m, Owned o) {
        if (o == null) {
            removeFromRecord(m, Member.State.DRAINING); // nothing runs here for it any more
            return;
        }
        if (o.phase == Phase.LEAVING) {
            return;
        }
        if (o.phase != Phase.DRAINING) {
            o.phase = Phase.DRAINING;
            if (o.replica != null) {
                monitor.unwatch(o.replica);
            }
            o.drainDeadline = System.nanoTime() + drainTimeout.toNanos();
            log.info("replica {}: draining (waiting for every instance's requests in flight)", m.name());
            o.released = releaseName(m, o);
            cx.control().schedule(changed, drainTimeout.toMillis() + 50, TimeUnit.MILLISECONDS);
        }
        Set<String> done = cx.state().drainedBy(m.id());
        boolean allDone = done.containsAll(cx.state().live());
        boolean late = System.nanoTime() - o.drainDeadline >= 0;
        if (!(allDone || late) || !o.released.isDone()) {
            return;
        }
        if (!allDone) {
            log.warn("replica {}: drain timeout; instances still busy with it: {}", m.name(),
                    cx.state().live().stream().filter(i -> !done.contains(i)).toList());
        }
        o.phase = Phase.LEAVING;
        if (o.replica != null) {
            routing.retire(o.replica);
        }
        provisioner.stop(o.provisioned()).whenCompleteAsync((v, e) -> {
            log.info("replica {}: drained and stopped", m.name());
            removeFromRecord(m, Member.State.DRAINING).whenComplete((x, y) -> owned.remove(m.id(), o));
        }, cx.control());
    }

    /**
     * Frees the name of draining member {@code m} outside the balancer (the provisioner renames
     * what carries it), then says so in the record, so that a new member may take the name. The
     * returned future completes when the provisioner is done, on the control thread.
     */
    private CompletableFuture<Void> releaseName(Member m, Owned o) {
        return provisioner.releaseName(o.provisioned()).handle((v, e) -> (Void) null).thenRunAsync(() -> {
            changeOwn(m, Member.State.DRAINING, "releases its name", rec -> RecordWriter.Change.to(rec.nameReleased(m.id())));
            changed.run(); // the drain may be waiting for this
        }, cx.control());
    }

    private void stop(Owned o) {
        owned.remove(o.id);
        o.phase = Phase.LEAVING;
        if (o.replica != null) {
            monitor.unwatch(o.replica);
            routing.retire(o.replica);
        }
        if (o.provisioned() != null) {
            provisioner.stop(o.provisioned());
        }
    }

    /** Removes this instance's member {@code m} from the record if it is still in state {@code state}. */
    private CompletableFuture<Long> removeFromRecord(Member m, Member.State state) {
        return changeOwn(m, state, "leaves", rec -> RecordWriter.Change.to(rec.without(x -> x.id().equals(m.id()), 0))
                .alsoWriting(List.of(new Write.DeletePrefix(cx.keys().drainedPrefix(m.id())))));
    }

    /**
     * Writes {@code change} while the record still has this instance's member {@code m} in state
     * {@code state} (else nothing), retrying while etcd is away.
     */
    private CompletableFuture<Long> changeOwn(Member m, Member.State state, String what,
                                              Function<ClusterRecord, RecordWriter.Change> change) {
        return cx.writer().update("replica " + m.name() + " " + what, rec -> {
            Member now = rec.member(m.id());
            return now == null || !now.owner().equals(cx.me()) || !now.is(state) ? RecordWriter.Change.to(rec) : change.apply(rec);
        }).handleAsync((rev, e) -> {
            if (e == null || closed) {
                return CompletableFuture.completedFuture(rev);
            }
            log.warn("replica {}: could not update the membership ({}); retrying", m.name(), ClusterControl.rootMessage(e));
            return Retry.later(cx.control(), 1000, () -> changeOwn(m, state, what, change));
        }, cx.control()).thenCompose(f -> f);
    }

    // ---------------------------------------------------------------- health

    @Override
    public void down(Replica replica, String reason) {
        cx.control().execute(() -> {
            Owned o = owned.values().stream().filter(x -> x.replica == replica).findFirst().orElse(null);
            if (o == null || o.phase != Phase.SERVING || closed) {
                return;
            }
            Member m = cx.state().record().member(o.id);
            log.warn("replica {}: failed ({}); taking it out of the cluster", replica.name(), reason);
            o.phase = Phase.LEAVING;
            monitor.unwatch(replica);
            routing.retire(replica);
            provisioner.stop(replica.provisioned());
            if (m == null) {
                owned.remove(o.id, o);
                return;
            }
            removeFromRecord(m, Member.State.SERVING).whenComplete((x, y) -> owned.remove(o.id, o));
        });
    }

    @Override
    public void up(Replica replica) {
        // Replicas that fail leave for good: their replacement comes from the leader.
    }

    /** Stops watching and acting; the provisioner's close then stops (or keeps) the replicas. */
    void close() {
        closed = true;
        monitor.close();
    }
}
