package io.ringlb.cluster;

import io.ringlb.balancer.BalancerConfig;
import io.ringlb.balancer.cluster.AdminException;
import io.ringlb.balancer.cluster.ClusterEvents;
import io.ringlb.balancer.cluster.ClusterView;
import io.ringlb.balancer.cluster.EventFanout;
import io.ringlb.balancer.cluster.HeartbeatClient;
import io.ringlb.balancer.cluster.HeartbeatMonitor;
import io.ringlb.balancer.cluster.OperationQueue;
import io.ringlb.balancer.cluster.ReplicaControl;
import io.ringlb.balancer.cluster.ReplicaLauncher;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.balancer.cluster.ScalePreview;
import io.ringlb.balancer.cluster.ScaleRequest;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.cluster.etcd.EtcdStore;
import io.ringlb.cluster.etcd.Guard;
import io.ringlb.cluster.etcd.StoreEvent;
import io.ringlb.cluster.etcd.StoreException;
import io.ringlb.cluster.etcd.Write;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cluster mode: this balancer is one of several instances sharing one replica set kept in etcd.
 * It registers (a lease and an instance key), reads the cluster's keys and watches them, and on
 * every change it applies, in this order: its own replicas follow the membership
 * ({@link OwnedReplicas}), its ring follows the serving members ({@link RingKeeper}), waiting
 * operations learn their owners' answers ({@link Operations}), and, on the leader, departed
 * instances are cleaned up and failed replicas replaced ({@link LeaderDuties}).
 *
 * <p>{@code /add} and {@code /rm} arrive here through the admin API of whichever instance the
 * client asked, run one at a time per instance, and complete once their change is in etcd and
 * this instance has applied it. When etcd cannot be reached, nothing is removed and the ring
 * stays as it was; {@code /add} and {@code /rm} answer 503.
 */
public final class ClusterControl implements ReplicaControl {

    private static final Logger log = LoggerFactory.getLogger(ClusterControl.class);
    /** The admin replies' field naming the instance that answered. */
    public static final String INSTANCE_HEADER = "X-Ringlb-Instance";
    /** The admin replies' field naming the cluster's leader as the answering instance sees it. */
    public static final String LEADER_HEADER = "X-Ringlb-Leader";

    private final ClusterSettings settings;
    /** How this balancer routes; every instance of a cluster must route alike. */
    private final String routingDescription;
    private final Provisioner provisioner;
    private final Routing routing;
    private final ScheduledExecutorService control;
    private final EtcdStore store;
    private final ClusterContext cx;
    private final Session session;
    private final OwnedReplicas owned;
    private final RingKeeper ring;
    private final Operations ops;
    private final LeaderDuties leader;
    private final List<Map.Entry<Long, CompletableFuture<Void>>> appliedWaiters = new ArrayList<>();
    private final OperationQueue operations;
    private final EventFanout events = new EventFanout();
    private AutoCloseable watch;
    private boolean resyncing;
    private volatile boolean closed;
    /** What {@code /rep} tells about who answered and who leads; replaced on the control thread. */
    private volatile Map<String, String> adminHeaders = Map.of();

    /** Makes cluster-mode replica control for {@code settings}. */
    public static ReplicaControl.Factory factory(ClusterSettings settings) {
        return new ReplicaControl.Factory() {
            @Override
            public boolean showsVersion() {
                return true;
            }

            @Override
            public ReplicaControl create(Provisioner provisioner, Routing routing, HeartbeatClient heartbeats,
                                         ScheduledExecutorService control, BalancerConfig config) {
                return new ClusterControl(settings, provisioner, routing, heartbeats, control, config);
            }
        };
    }

    private ClusterControl(ClusterSettings settings, Provisioner provisioner, Routing routing, HeartbeatClient heartbeats,
                           ScheduledExecutorService control, BalancerConfig config) {
        this.settings = settings;
        this.routingDescription = config.hashing().describe() + ", key " + config.proxy().hashKey()
                + (config.proxy().boundedLoads() ? ", bounded loads c=" + config.proxy().balanceFactor() : "");
        this.provisioner = provisioner;
        this.routing = routing;
        this.control = control;
        this.store = EtcdStore.connect(settings.etcd());
        ClusterKeys keys = new ClusterKeys(settings.cluster());
        ClusterState state = new ClusterState(keys);
        this.cx = new ClusterContext(store, keys, state, new RecordWriter(store, keys, state, control), settings.instance(), control);
        InstanceInfo info = InstanceInfo.current(localHost(), settings.port(), ProcessHandle.current().pid(), provisioner.kind());
        this.session = new Session(store, keys, settings.instance(), info, settings.leaseTtl(), control, this::reachabilityChanged);
        ReplicaLauncher launcher = new ReplicaLauncher(provisioner, heartbeats, config.startupTimeout(), () -> closed);
        this.owned = new OwnedReplicas(cx, provisioner, launcher,
                l -> new HeartbeatMonitor(heartbeats::check, control, config.heartbeatInterval(), config.heartbeatFails(), l, events),
                routing, config.drainTimeout(), settings.advertiseHost(), session::lease, this::react);
        this.ring = new RingKeeper(cx, routing, owned, config.drainTimeout(), session::lease);
        int hashingCapacity = config.hashing().maxMembers();
        int max = Math.min(config.maxReplicas(), hashingCapacity);
        String limitName = hashingCapacity < config.maxReplicas() ? "the limit of the hashing mode" : "--max-replicas";
        // A launch is tried up to 3 times, each within the startup timeout.
        Duration launchTimeout = config.startupTimeout().multipliedBy(3).plusSeconds(5);
        this.ops = new Operations(cx, provisioner, max, limitName, launchTimeout);
        this.leader = new LeaderDuties(cx, ops);
        this.operations = new OperationQueue(control);
    }

    private static String localHost() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    @Override
    public Map<String, String> adminHeaders() {
        return adminHeaders;
    }

    @Override
    public Provisioner provisioner() {
        return provisioner;
    }

    @Override
    public String describe() {
        return "cluster '" + settings.cluster() + "' on " + store.describe() + " as instance '" + settings.instance() + "'";
    }

    // ---------------------------------------------------------------- start

    /**
     * Registers, reads the cluster and starts watching it; the first instance of a new cluster
     * also creates its membership and adds {@code initial} replicas, named server1, server2, ...
     * Completes once this instance publishes the cluster's current ring, before it takes traffic.
     */
    @Override
    public CompletableFuture<ClusterView> start(int initial, Map<String, InetSocketAddress> backends) {
        if (!provisioner.createsReplicas()) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "cluster mode runs replicas with the process or docker provisioner, not " + provisioner.kind()));
        }
        return serialized(() -> session.open()
                .thenComposeAsync(v -> {
                    // Before the first read: members this instance still owns (its last run's
                    // containers) must find their replicas here, not be taken for lost.
                    owned.adopt(provisioner.adopt());
                    return sync();
                }, control)
                .thenComposeAsync(v -> store.txn(List.of(Guard.absent(cx.keys().members)),
                        List.of(new Write.Put(cx.keys().members, new ClusterRecord(0, List.of()).toJson(), 0),
                                new Write.Put(cx.keys().routing, routingDescription.getBytes(StandardCharsets.UTF_8), 0)),
                        null), control)
                .thenComposeAsync(created -> {
                    String theirs = cx.state().routing();
                    if (!created.succeeded() && theirs != null && !theirs.equals(routingDescription)) {
                        throw new IllegalStateException("cluster '" + settings.cluster() + "' routes with " + theirs
                                + ", this balancer with " + routingDescription + ": instances that hash differently would send "
                                + "a key to different replicas; start it with the cluster's options");
                    }
                    if (!created.succeeded()) {
                        ClusterRecord rec = cx.state().record();
                        log.info("cluster: joined '{}' with N={} (desired {}); --replicas applies only to a new cluster",
                                settings.cluster(), rec.serving().size(), rec.desired());
                        return applied(created.revision());
                    }
                    log.info("cluster: created '{}'; adding {} replica(s)", settings.cluster(), initial);
                    if (initial == 0) {
                        return applied(created.revision());
                    }
                    return applied(created.revision()).thenComposeAsync(x -> ops.add(initialRequest(initial)), control)
                            .thenComposeAsync(this::applied, control);
                }, control)
                .thenApply(v -> routing.view()));
    }

    private ScaleRequest initialRequest(int n) {
        List<String> names = new ArrayList<>();
        for (int i = 1; names.size() < n; i++) {
            String name = "server" + i;
            if (!cx.state().record().taken(name) && provisioner.nameConflict(name).isEmpty()) {
                names.add(name);
            }
        }
        return new ScaleRequest(n, names, List.of());
    }

    /** Reads every key of the cluster, replaces the state with it, and watches from the next revision. */
    private CompletableFuture<Void> sync() {
        return store.range(cx.keys().prefix).thenAcceptAsync(snapshot -> {
            closeWatch();
            cx.state().reset(snapshot);
            watch = store.watch(cx.keys().prefix, snapshot.revision() + 1, new EtcdStore.WatchListener() {
                @Override
                public void onEvents(List<StoreEvent> events) {
                    control.execute(() -> {
                        if (!closed) {
                            cx.state().apply(events);
                            react();
                        }
                    });
                }

                @Override
                public void onEnded(Throwable cause) {
                    control.execute(() -> resync(cause.getMessage()));
                }

                @Override
                public void onTrouble(Throwable cause) {
                    log.debug("cluster: watch interrupted ({}); it resumes by itself", cause.getMessage());
                }
            });
            react();
        }, control);
    }

    private void resync(String why) {
        if (closed || resyncing) {
            return;
        }
        resyncing = true;
        log.info("cluster: reading the cluster again ({})", why);
        sync().whenCompleteAsync((v, e) -> {
            resyncing = false;
            if (e != null && !closed) {
                control.schedule(() -> resync(rootMessage(e)), 500, TimeUnit.MILLISECONDS);
            }
        }, control);
    }

    private void reachabilityChanged(boolean reachable) {
        if (reachable) {
            resync("etcd is reachable again");
        }
    }

    private void closeWatch() {
        if (watch != null) {
            try {
                watch.close();
            } catch (Exception e) {
                log.debug("cluster: closing the watch: {}", e.toString());
            }
            watch = null;
        }
    }

    // ---------------------------------------------------------------- every change

    /** Brings everything in line with the state just applied. */
    private void react() {
        if (closed) {
            return;
        }
        ClusterRecord record = cx.state().record();
        owned.react(record);
        ring.publish(record, cx.state().ringVersion());
        ops.react();
        leader.react();
        String leading = cx.state().leader();
        adminHeaders = Map.of(INSTANCE_HEADER, settings.instance(), LEADER_HEADER, leading == null ? "" : leading);
        for (Iterator<Map.Entry<Long, CompletableFuture<Void>>> it = appliedWaiters.iterator(); it.hasNext();) {
            Map.Entry<Long, CompletableFuture<Void>> w = it.next();
            if (cx.state().revision() >= w.getKey()) {
                w.getValue().complete(null);
                it.remove();
            }
        }
    }

    /** Completes once this instance has applied {@code revision} (or after a while, whatever it has). */
    private CompletableFuture<Void> applied(long revision) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        if (cx.state().revision() >= revision) {
            f.complete(null);
            return f;
        }
        appliedWaiters.add(Map.entry(revision, f));
        control.schedule(() -> {
            if (appliedWaiters.removeIf(w -> w.getValue() == f)) {
                log.warn("cluster: revision {} not seen by the watch within {} ms", revision, settings.etcd().callTimeout().toMillis() * 2);
                f.complete(null);
            }
        }, settings.etcd().callTimeout().toMillis() * 2, TimeUnit.MILLISECONDS);
        return f;
    }

    // ---------------------------------------------------------------- admin operations

    @Override
    public CompletableFuture<ClusterView> add(ScaleRequest req) {
        return admin(() -> ops.add(req));
    }

    @Override
    public CompletableFuture<ClusterView> remove(ScaleRequest req) {
        return admin(() -> ops.remove(req));
    }

    @Override
    public void listen(ClusterEvents listener) {
        events.add(listener);
    }

    @Override
    public CompletableFuture<ScalePreview> previewAdd(ScaleRequest req) {
        return serialized(() -> CompletableFuture.completedFuture(ops.previewAdd(req)));
    }

    @Override
    public CompletableFuture<ScalePreview> previewRemove(ScaleRequest req) {
        return serialized(() -> CompletableFuture.completedFuture(ops.previewRemove(req)));
    }

    /**
     * Runs a change after this instance's earlier ones, then waits until this instance has applied
     * it. If etcd did not answer the last lease renewal, the lease is renewed first: an etcd that
     * is back serves the change at once, one that is still down refuses it, and so does an
     * instance whose lease ran out meanwhile until it has registered again.
     */
    private CompletableFuture<ClusterView> admin(Supplier<CompletableFuture<Long>> change) {
        return serialized(() -> {
            CompletableFuture<Boolean> ready = session.reachable() && !session.registering()
                    ? CompletableFuture.completedFuture(true) : session.check();
            return ready.thenComposeAsync(ok -> ok ? change.get() : CompletableFuture.<Long>failedFuture(notReady()), control)
                    .thenComposeAsync(this::applied, control).thenApply(v -> routing.view());
        }).handle((view, e) -> {
            if (e == null) {
                return view;
            }
            Throwable t = unwrap(e);
            if (t instanceof AdminException a) {
                throw a;
            }
            if (t instanceof StoreException s) {
                throw unreachable(s.getMessage());
            }
            if (t instanceof RecordWriter.GuardFailed || t instanceof RecordWriter.Rejected) {
                throw new AdminException(503, "<Error> " + t.getMessage() + "; nothing changed, try again");
            }
            throw new CompletionException(t);
        });
    }

    /** Why a change is refused after {@link Session#check()} said no. */
    private AdminException notReady() {
        if (session.registering()) {
            return new AdminException(503, "<Error> This instance is registering with the cluster store again (its lease ran "
                    + "out while etcd could not be reached); nothing changed, try again in a moment");
        }
        return unreachable("it does not answer lease renewals");
    }

    private AdminException unreachable(String why) {
        return new AdminException(503, "<Error> The cluster store " + store.describe() + " cannot be reached (" + why
                + "); nothing changed. Every instance keeps routing with its last ring (version " + routing.state().version() + ")");
    }

    /** Runs {@code op} on the control thread after every earlier operation of this instance has finished. */
    private <T> CompletableFuture<T> serialized(Supplier<CompletableFuture<T>> op) {
        return operations.submit(op);
    }

    // ---------------------------------------------------------------- shutdown

    /**
     * Leaves the cluster: unless {@code keepReplicas}, this instance's members leave the
     * membership first (the leader starts replacements on the others) and its lease ends; then
     * the provisioner stops (or keeps) the replicas. With {@code keepReplicas} the members stay,
     * for this instance to adopt if it restarts before its lease runs out.
     */
    @Override
    public void close(boolean keepReplicas) {
        CompletableFuture<Void> left = CompletableFuture.supplyAsync(() -> {
            closed = true;
            closeWatch();
            owned.close();
            if (keepReplicas) {
                return session.close(false);
            }
            return cx.writer().update("instance " + settings.instance() + " leaves", rec -> RecordWriter.Change.to(rec.without(m -> m.owner().equals(settings.instance()), 0)))
                    .handle((v, e) -> {
                        if (e != null) {
                            log.warn("cluster: could not take this instance's replicas out of the membership: {}", rootMessage(e));
                        }
                        return null;
                    })
                    .thenCompose(v -> session.close(true));
        }, control).thenCompose(f -> f);
        try {
            left.get(settings.etcd().callTimeout().toMillis() * 3 + 1000, TimeUnit.MILLISECONDS);
            log.info("cluster: left '{}'", settings.cluster());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            log.warn("cluster: leaving did not finish cleanly ({}); the lease runs out by itself", rootMessage(e));
        }
        provisioner.close(keepReplicas);
        store.close();
    }

    static Throwable unwrap(Throwable e) {
        return OperationQueue.unwrap(e);
    }

    static String rootMessage(Throwable e) {
        return OperationQueue.rootMessage(e);
    }
}
