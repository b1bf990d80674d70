package io.ringlb.cluster;

import io.ringlb.balancer.cluster.HeartbeatMonitor;
import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.cluster.ReplicaLauncher;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.balancer.provision.ProvisionedReplica;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.balancer.provision.ReplicaSpec;
import io.ringlb.cluster.etcd.Write;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replicas this instance runs for the cluster, driven by the membership record: a member
 * it owns that is {@code starting} is launched (its address, or why it failed, answered under
 * {@code launch/}); once {@code serving} it is watched by heartbeats; once {@code draining} it is
 * stopped after every live instance has said it has nothing left in flight to it (or after the
 * drain timeout), then removed from the record. A replica that fails is stopped and removed from
 * the record at once (the leader starts its replacement); a replica whose member disappears from
 * the record is stopped. Control thread only.
 */
final class OwnedReplicas implements HeartbeatMonitor.Listener {

    private static final Logger log = LoggerFactory.getLogger(OwnedReplicas.class);

    private enum Phase { ADOPTED, LAUNCHING, LAUNCHED, SERVING, DRAINING, LEAVING }

    private static final class Owned {
        final String name;
        Phase phase;
        Replica replica;
        ProvisionedReplica adopted;
        long drainDeadline;

        Owned(String name, Phase phase) {
            this.name = name;
            this.phase = phase;
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
    private final Map<String, Owned> owned = new HashMap<>();
    private boolean closed;

    /**
     * @param advertiseHost the host other instances reach this instance's replicas at, or null
     *                      for the address the provisioner reports
     * @param changed       to call when something here changed that the ring may depend on
     */
    OwnedReplicas(ClusterContext cx, Provisioner provisioner, ReplicaLauncher launcher,
                  java.util.function.Function<HeartbeatMonitor.Listener, HeartbeatMonitor> monitors, Routing routing, Duration drainTimeout, String advertiseHost, LongSupplier lease, Runnable changed) {
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
            Owned o = new Owned(p.name(), Phase.ADOPTED);
            o.adopted = p;
            owned.put(key(p.name()), o);
        }
    }

    /** The serving replica this instance runs under {@code key}, or null. */
    Replica serving(String key) {
        Owned o = owned.get(key);
        return o != null && (o.phase == Phase.SERVING) ? o.replica : null;
    }

    /** The replica object this instance runs under {@code key} in any phase, or null. */
    Replica any(String key) {
        Owned o = owned.get(key);
        return o == null ? null : o.replica;
    }

    /** Brings what runs here in line with {@code record}. */
    void react(ClusterRecord record) {
        if (closed) {
            return;
        }
        Map<String, Member> mine = new HashMap<>();
        for (Member m : record.replicas()) {
            if (m.owner().equals(cx.me())) {
                mine.put(m.key(), m);
            }
        }
        for (Member m : mine.values()) {
            Owned o = owned.get(m.key());
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
        for (Map.Entry<String, Owned> e : new ArrayList<>(owned.entrySet())) {
            Owned o = e.getValue();
            if (!mine.containsKey(e.getKey()) && o.phase != Phase.LAUNCHING && o.phase != Phase.LEAVING) {
                log.info("replica {}: no longer in the cluster's membership; stopping it", o.name);
                stop(e.getKey(), o);
            }
        }
    }

    private void launch(Member m) {
        Owned o = new Owned(m.name(), Phase.LAUNCHING);
        owned.put(m.key(), o);
        log.info("replica {}: starting for the cluster ({}, asked by {})", m.name(), m.replacement() ? "replacement" : "/add", m.by());
        launcher.launch(ReplicaSpec.named(m.name()), m.ordinal()).whenCompleteAsync((r, e) -> {
            Member now = cx.state().record().get(m.name());
            boolean wanted = !closed && owned.get(m.key()) == o && now != null && now.is(Member.State.STARTING)
                    && m.op().equals(now.op());
            if (e != null) {
                owned.remove(m.key(), o);
                if (wanted) {
                    answer(m, LaunchResult.failed(ClusterControl.rootMessage(e)));
                }
                return;
            }
            if (!wanted) {
                owned.remove(m.key(), o);
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
            removeFromRecord(m.name(), Member.State.SERVING);
            return;
        }
        if (o.phase == Phase.LAUNCHED) {
            o.phase = Phase.SERVING;
            watch(o.replica);
            log.info("replica {}: in the cluster's ring at {}", m.name(), o.replica.address());
        } else if (o.phase == Phase.ADOPTED) {
            o.phase = Phase.LAUNCHING; // until it answers
            launcher.awaitReady(o.adopted).whenCompleteAsync((v, e) -> {
                if (owned.get(m.key()) != o || closed) {
                    return;
                }
                if (e != null) {
                    log.warn("replica {}: adopted but not answering ({}); removing it", m.name(), ClusterControl.rootMessage(e));
                    o.phase = Phase.LEAVING;
                    provisioner.stop(o.adopted);
                    removeFromRecord(m.name(), Member.State.SERVING).whenComplete((x, y) -> owned.remove(m.key(), o));
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
        if (o == null || o.phase == Phase.LEAVING) {
            if (o == null) {
                removeFromRecord(m.name(), Member.State.DRAINING);
            }
            return;
        }
        if (o.phase != Phase.DRAINING) {
            o.phase = Phase.DRAINING;
            monitor.unwatch(o.replica);
            o.drainDeadline = System.nanoTime() + drainTimeout.toNanos();
            log.info("replica {}: draining (waiting for every instance's requests in flight)", m.name());
            cx.control().schedule(changed, drainTimeout.toMillis() + 50, TimeUnit.MILLISECONDS);
        }
        boolean allDone = cx.state().drainedBy(m.key()).containsAll(cx.state().live());
        boolean late = System.nanoTime() - o.drainDeadline >= 0;
        if (allDone || late) {
            if (!allDone) {
                log.warn("replica {}: drain timeout; instances still busy with it: {}", m.name(),
                        cx.state().live().stream().filter(i -> !cx.state().drainedBy(m.key()).contains(i)).toList());
            }
            o.phase = Phase.LEAVING;
            routing.retire(o.replica);
            provisioner.stop(o.replica.provisioned()).whenCompleteAsync((v, e) -> {
                log.info("replica {}: drained and stopped", m.name());
                removeFromRecord(m.name(), Member.State.DRAINING).whenComplete((x, y) -> owned.remove(m.key(), o));
            }, cx.control());
        }
    }

    private void stop(String key, Owned o) {
        owned.remove(key);
        o.phase = Phase.LEAVING;
        if (o.replica != null) {
            monitor.unwatch(o.replica);
            routing.retire(o.replica);
            provisioner.stop(o.replica.provisioned());
        } else if (o.adopted != null) {
            provisioner.stop(o.adopted);
        }
    }

    /** Removes this instance's member {@code name} in state {@code state} from the record, retrying while etcd is away. */
    private CompletableFuture<Long> removeFromRecord(String name, Member.State state) {
        String k = key(name);
        return cx.writer().update("replica " + name + " leaves", rec -> {
            Member m = rec.get(name);
            if (m == null || !m.owner().equals(cx.me()) || !m.is(state)) {
                return RecordWriter.Change.to(rec);
            }
            return RecordWriter.Change.to(rec.without(x -> x.key().equals(k), 0))
                    .alsoWriting(List.of(new Write.DeletePrefix(cx.keys().drainedPrefix(k))));
        }).handleAsync((rev, e) -> {
            if (e == null || closed) {
                return CompletableFuture.completedFuture(rev);
            }
            log.warn("replica {}: could not update the membership ({}); retrying", name, ClusterControl.rootMessage(e));
            return Retry.later(cx.control(), 1000, () -> removeFromRecord(name, state));
        }, cx.control()).thenCompose(f -> f);
    }

    // ---------------------------------------------------------------- health

    @Override
    public void down(Replica replica, String reason) {
        cx.control().execute(() -> {
            String k = key(replica.name());
            Owned o = owned.get(k);
            if (o == null || o.replica != replica || o.phase != Phase.SERVING || closed) {
                return;
            }
            log.warn("replica {}: failed ({}); taking it out of the cluster", replica.name(), reason);
            o.phase = Phase.LEAVING;
            monitor.unwatch(replica);
            routing.retire(replica);
            provisioner.stop(replica.provisioned());
            removeFromRecord(replica.name(), Member.State.SERVING).whenComplete((x, y) -> owned.remove(k, o));
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

    private static String key(String name) {
        return io.ringlb.balancer.cluster.ReplicaNames.key(name);
    }
}
