package io.ringlb.balancer.cluster;

import io.ringlb.balancer.provision.ProvisionedReplica;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.balancer.provision.ReplicaSpec;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Owns the replica set, like a Kubernetes ReplicaSet: starts replicas, admits them to the ring
 * after their first good heartbeat, drains and stops them on {@code /rm}, and replaces the ones
 * that fail so that the desired count holds.
 *
 * <p>All state lives on one control thread; admin operations run one after another on it, each
 * to completion, and either change everything they announced or nothing.
 */
public final class ReplicaSupervisor implements HeartbeatMonitor.Listener {

    private static final Logger log = LoggerFactory.getLogger(ReplicaSupervisor.class);

    /** Timing and limits. */
    public record Settings(int maxReplicas, Duration startupTimeout, Duration drainTimeout) {
    }

    private final Provisioner provisioner;
    private final Routing routing;
    private final ReplicaLauncher launcher;
    private final HeartbeatMonitor monitor;
    private final ScheduledExecutorService control;
    private final Settings settings;
    private final int hashingCapacity;

    // Control-thread state.
    /** Registered replicas by name key, in the order they were added. */
    private final Map<String, Replica> members = new LinkedHashMap<>();
    /** Name keys of registered replicas failing heartbeats (static backends only). */
    private final Set<String> unhealthy = new HashSet<>();
    /** Name keys held by replicas starting or draining. */
    private final Set<String> reservedNames = new HashSet<>();
    private final BitSet ordinals = new BitSet();
    private int desired;
    private int replacementsStarting;
    private long replacementBackoffMs = 250;
    private CompletableFuture<?> lastOperation = CompletableFuture.completedFuture(null);
    private volatile boolean closed;

    public ReplicaSupervisor(Provisioner provisioner, Routing routing, HeartbeatClient heartbeats,
                             ScheduledExecutorService control, Duration heartbeatInterval, int heartbeatFails,
                             Settings settings) {
        this.provisioner = provisioner;
        this.routing = routing;
        this.control = control;
        this.settings = settings;
        this.hashingCapacity = routing.hashing().maxMembers();
        this.launcher = new ReplicaLauncher(provisioner, heartbeats, settings.startupTimeout(), () -> closed);
        this.monitor = new HeartbeatMonitor(heartbeats, control, heartbeatInterval, heartbeatFails, this);
    }

    public Provisioner provisioner() {
        return provisioner;
    }

    /** The largest replica count {@code /add} accepts. */
    public int maxReplicas() {
        return Math.min(settings.maxReplicas(), hashingCapacity);
    }

    // ---------------------------------------------------------------- operations

    /**
     * Brings the cluster up: adopts replicas the provisioner already runs, then starts
     * {@code server1}, {@code server2}, ... until there are {@code initial}. For static backends,
     * registers {@code backends} (name to address); those not answering yet stay unhealthy.
     */
    public CompletableFuture<ClusterView> start(int initial, Map<String, InetSocketAddress> backends) {
        return serialized(() -> {
            List<CompletableFuture<Replica>> adopted = new ArrayList<>();
            for (ProvisionedReplica p : provisioner.adopt()) {
                adopted.add(readyAdopted(p));
            }
            return CompletableFuture.allOf(adopted.toArray(CompletableFuture[]::new)).handleAsync((v, e) -> {
                for (CompletableFuture<Replica> a : adopted) {
                    Replica r = a.join();
                    if (r != null) {
                        admit(r); // in the provisioner's order: the order they were first added
                    }
                }
                if (!provisioner.createsReplicas()) {
                    return registerStatic(backends);
                }
                publish(); // the adopted replicas serve even when none need starting
                int missing = initial - members.size();
                desired = members.size();
                if (missing <= 0) {
                    return CompletableFuture.completedFuture(routing.view());
                }
                List<String> names = new ArrayList<>();
                for (int i = 1; names.size() < missing; i++) {
                    String name = "server" + i;
                    if (!isTaken(ReplicaNames.key(name)) && provisioner.nameConflict(name).isEmpty()) {
                        names.add(name);
                    }
                }
                return addNow(new ScaleRequest(missing, names, List.of()));
            }, control).thenCompose(f -> f);
        });
    }

    /** {@code /add}: starts {@code n} replicas and admits them all, or none. */
    public CompletableFuture<ClusterView> add(ScaleRequest req) {
        return serialized(() -> addNow(req));
    }

    /** {@code /rm}: takes {@code n} replicas off the ring at once, then drains and stops them. */
    public CompletableFuture<ClusterView> remove(ScaleRequest req) {
        return serialized(() -> CompletableFuture.completedFuture(removeNow(req)));
    }

    private CompletableFuture<ClusterView> addNow(ScaleRequest req) {
        checkAdd(req);
        List<ReplicaSpec> specs = new ArrayList<>();
        Set<String> takenNow = new HashSet<>();
        for (int i = 0; i < req.n(); i++) {
            String name = i < req.hostnames().size() ? req.hostnames().get(i) : freshName(takenNow);
            takenNow.add(ReplicaNames.key(name));
            specs.add(new ReplicaSpec(name, i < req.addresses().size() ? req.addresses().get(i) : null));
        }
        List<Integer> ords = new ArrayList<>();
        List<CompletableFuture<Replica>> starts = new ArrayList<>();
        for (ReplicaSpec spec : specs) {
            int ordinal = ordinals.nextClearBit(1);
            ordinals.set(ordinal);
            ords.add(ordinal);
            reservedNames.add(ReplicaNames.key(spec.name()));
            starts.add(launcher.launch(spec, ordinal));
        }
        return CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).handleAsync((v, err) -> {
            for (ReplicaSpec spec : specs) {
                reservedNames.remove(ReplicaNames.key(spec.name()));
            }
            if (err != null || closed) {
                for (int i = 0; i < starts.size(); i++) {
                    ordinals.clear(ords.get(i));
                    starts.get(i).thenAccept(r -> provisioner.stop(r.provisioned()));
                }
                String reason = closed ? "the balancer is shutting down" : rootMessage(err);
                throw new AdminException(500, "<Error> Could not add replicas, nothing changed: " + reason);
            }
            for (CompletableFuture<Replica> s : starts) {
                admit(s.join());
            }
            if (provisioner.createsReplicas()) {
                desired += req.n();
            }
            publish();
            log.info("added {}: N={} {}", names(specs), routing.view().n(), routing.view().replicas());
            return routing.view();
        }, control);
    }

    private void checkAdd(ScaleRequest req) {
        if (req.hostnames().size() > req.n()) {
            throw AdminException.badRequest("<Error> Length of hostname list is more than newly added instances");
        }
        if (members.size() + req.n() > maxReplicas()) {
            throw AdminException.badRequest("<Error> Cannot add " + req.n() + " replica(s): the cluster would have "
                    + (members.size() + req.n()) + ", more than the maximum of " + maxReplicas()
                    + (hashingCapacity < settings.maxReplicas() ? " (the limit of the hashing mode)" : " (--max-replicas)"));
        }
        for (String name : req.hostnames()) {
            if (isTaken(ReplicaNames.key(name))) {
                throw AdminException.badRequest("<Error> Hostname '" + name + "' already exists");
            }
            provisioner.nameConflict(name).ifPresent(why -> {
                throw AdminException.badRequest("<Error> Hostname '" + name + "' cannot be used: " + why);
            });
        }
        if (provisioner.createsReplicas() && !req.addresses().isEmpty()) {
            throw AdminException.badRequest("<Error> 'addresses' are only accepted with --provisioner static; "
                    + provisioner.kind() + " replicas get their address when they start");
        }
        if (!provisioner.createsReplicas() && req.addresses().size() != req.n()) {
            throw AdminException.badRequest("<Error> Static backends need an address each: 'addresses' has "
                    + req.addresses().size() + " entries for n=" + req.n()
                    + ", e.g. {\"n\": 1, \"hostnames\": [\"b4\"], \"addresses\": [\"127.0.0.1:9004\"]}");
        }
    }

    private ClusterView removeNow(ScaleRequest req) {
        if (req.hostnames().size() > req.n()) {
            throw AdminException.badRequest("<Error> Length of hostname list is more than removable instances");
        }
        if (!req.addresses().isEmpty()) {
            throw AdminException.badRequest("<Error> 'addresses' are not accepted by /rm; name the replicas in 'hostnames'");
        }
        if (req.n() > members.size()) {
            throw AdminException.badRequest("<Error> Cannot remove " + req.n() + " replica(s): only "
                    + members.size() + " exist");
        }
        List<Replica> victims = new ArrayList<>();
        for (String name : req.hostnames()) {
            Replica r = members.get(ReplicaNames.key(name));
            if (r == null) {
                throw AdminException.badRequest("<Error> Hostname '" + name + "' does not exist");
            }
            victims.add(r);
        }
        List<Replica> others = new ArrayList<>(members.values());
        others.removeAll(victims);
        Collections.shuffle(others);
        victims.addAll(others.subList(0, req.n() - victims.size()));
        for (Replica r : victims) {
            String key = ReplicaNames.key(r.name());
            members.remove(key);
            unhealthy.remove(key);
            monitor.unwatch(r);
            reservedNames.add(key); // until it is stopped: a container name must not be reused sooner
            ordinals.clear(r.ordinal()); // off the ring now, so its slots are free
        }
        if (provisioner.createsReplicas()) {
            desired -= req.n();
        }
        publish();
        log.info("removed {}: N={} {}; draining", victims.stream().map(Replica::name).toList(),
                routing.view().n(), routing.view().replicas());
        for (Replica r : victims) {
            drainThenStop(r, System.nanoTime() + settings.drainTimeout().toNanos());
        }
        return routing.view();
    }

    /** Waits (off the ring) until the replica has nothing in flight, then stops it. */
    private void drainThenStop(Replica r, long deadline) {
        if (r.inFlight() > 0 && System.nanoTime() - deadline < 0 && !closed) {
            control.schedule(() -> drainThenStop(r, deadline), 20, TimeUnit.MILLISECONDS);
            return;
        }
        if (r.inFlight() > 0) {
            log.warn("replica {}: {} request(s) still in flight after the drain timeout; stopping anyway", r.name(), r.inFlight());
        }
        routing.retire(r);
        provisioner.stop(r.provisioned()).whenCompleteAsync((v, e) -> {
            reservedNames.remove(ReplicaNames.key(r.name()));
            if (e != null) {
                log.warn("replica {}: stop failed: {}", r.name(), rootMessage(e));
            } else {
                log.info("replica {}: drained and stopped", r.name());
            }
        }, control);
    }

    // ---------------------------------------------------------------- failures

    @Override
    public void down(Replica replica, String reason) {
        control.execute(() -> failed(replica, reason));
    }

    @Override
    public void up(Replica replica) {
        control.execute(() -> {
            String key = ReplicaNames.key(replica.name());
            if (members.get(key) == replica && unhealthy.remove(key)) {
                publish();
                log.info("replica {}: healthy again, back in the ring: N={}", replica.name(), routing.view().n());
            }
        });
    }

    private void failed(Replica replica, String reason) {
        String key = ReplicaNames.key(replica.name());
        if (members.get(key) != replica || unhealthy.contains(key) || closed) {
            return; // already handled, removed on purpose, or shutting down
        }
        if (!provisioner.createsReplicas()) {
            unhealthy.add(key);
            publish();
            log.warn("replica {}: down ({}), out of the ring until it answers: N={}", replica.name(), reason, routing.view().n());
            return;
        }
        members.remove(key);
        monitor.unwatch(replica);
        reservedNames.add(key);
        ordinals.clear(replica.ordinal()); // so that in spec mode its replacement takes the same slots
        publish();
        log.warn("replica {}: failed ({}), out of the ring: N={}", replica.name(), reason, routing.view().n());
        routing.retire(replica);
        provisioner.stop(replica.provisioned()).whenCompleteAsync((v, e) -> {
            reservedNames.remove(key);
            reconcile();
        }, control);
        reconcile();
    }

    /** Starts replacements until registered + starting replicas reach the desired count. */
    private void reconcile() {
        if (closed || !provisioner.createsReplicas()) {
            return;
        }
        while (members.size() + replacementsStarting < desired) {
            String name = freshName(Set.of());
            int ordinal = ordinals.nextClearBit(1);
            ordinals.set(ordinal);
            reservedNames.add(ReplicaNames.key(name));
            replacementsStarting++;
            log.info("replica {}: starting as a replacement ({} of {} running)", name, members.size(), desired);
            launcher.launch(ReplicaSpec.named(name), ordinal).whenCompleteAsync((r, e) -> {
                replacementsStarting--;
                reservedNames.remove(ReplicaNames.key(name));
                if (e != null) {
                    ordinals.clear(ordinal);
                    log.error("replica {}: replacement failed: {}; retrying in {} ms", name, rootMessage(e), replacementBackoffMs);
                    control.schedule(this::reconcile, replacementBackoffMs, TimeUnit.MILLISECONDS);
                    replacementBackoffMs = Math.min(replacementBackoffMs * 2, 10_000);
                    return;
                }
                replacementBackoffMs = 250;
                if (closed || members.size() >= desired) {
                    ordinals.clear(ordinal);
                    provisioner.stop(r.provisioned());
                    return;
                }
                admit(r);
                publish();
                log.info("replica {}: replacement joined the ring: N={} {}", name, routing.view().n(), routing.view().replicas());
            }, control);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Completes with an adopted replica once it answers, or with null after stopping it if it does not. */
    private CompletableFuture<Replica> readyAdopted(ProvisionedReplica p) {
        int ordinal = ordinals.nextClearBit(1);
        ordinals.set(ordinal);
        reservedNames.add(ReplicaNames.key(p.name()));
        return launcher.awaitReady(p).handleAsync((v, e) -> {
            reservedNames.remove(ReplicaNames.key(p.name()));
            if (e != null) {
                ordinals.clear(ordinal);
                log.warn("replica {}: adopted but not answering ({}); removing it", p.name(), rootMessage(e));
                provisioner.stop(p);
                return null;
            }
            log.info("replica {}: adopted at {}", p.name(), p.address());
            return new Replica(p, ordinal);
        }, control);
    }

    private CompletableFuture<ClusterView> registerStatic(Map<String, InetSocketAddress> backends) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (Map.Entry<String, InetSocketAddress> b : backends.entrySet()) {
            int ordinal = ordinals.nextClearBit(1);
            ordinals.set(ordinal);
            all.add(provisioner.start(new ReplicaSpec(b.getKey(), b.getValue())).thenComposeAsync(p -> {
                Replica r = new Replica(p, ordinal);
                admit(r);
                return launcher.awaitReady(p).handleAsync((v, e) -> {
                            if (e != null) {
                                failed(r, rootMessage(e));
                            }
                            return (Void) null;
                        }, control);
            }, control));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenApplyAsync(v -> {
            publish();
            log.info("static backends: N={} {}, unhealthy {}", routing.view().n(), routing.view().replicas(), routing.view().unhealthy());
            return routing.view();
        }, control);
    }

    /** Registers a ready replica and starts watching it (caller publishes). */
    private void admit(Replica r) {
        members.put(ReplicaNames.key(r.name()), r);
        monitor.watch(r);
        r.provisioned().exited().thenRun(() -> down(r, "it exited"));
    }

    private void publish() {
        List<Replica> ring = new ArrayList<>();
        List<String> down = new ArrayList<>();
        for (Map.Entry<String, Replica> e : members.entrySet()) {
            if (unhealthy.contains(e.getKey())) {
                down.add(e.getValue().name());
            } else {
                ring.add(e.getValue());
            }
        }
        routing.publish(ring, down);
    }

    /** A random name that is neither taken here, nor in {@code extra} (keys), nor unavailable to the provisioner. */
    private String freshName(Set<String> extra) {
        while (true) {
            String name = ReplicaNames.random(allNames(extra));
            if (provisioner.nameConflict(name).isEmpty()) {
                return name;
            }
        }
    }

    private boolean isTaken(String key) {
        return members.containsKey(key) || reservedNames.contains(key);
    }

    private Set<String> allNames(Set<String> extra) {
        Set<String> s = new HashSet<>(members.keySet());
        s.addAll(reservedNames);
        s.addAll(extra);
        return s;
    }

    private static List<String> names(List<ReplicaSpec> specs) {
        return specs.stream().map(ReplicaSpec::name).toList();
    }

    /** Runs {@code op} on the control thread after every earlier operation has finished. */
    private <T> CompletableFuture<T> serialized(Supplier<CompletableFuture<T>> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        control.execute(() -> {
            CompletableFuture<T> run = lastOperation.handleAsync((v, e) -> null, control)
                    .thenCompose(v -> op.get());
            lastOperation = run;
            run.whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(unwrap(e));
                } else {
                    result.complete(v);
                }
            });
        });
        return result;
    }

    /**
     * Stops watching, then stops every replica unless {@code keepReplicas}. Call after the proxy
     * has stopped taking requests.
     */
    public void close(boolean keepReplicas) {
        CompletableFuture<Void> done = CompletableFuture.runAsync(() -> {
            closed = true;
            monitor.close();
        }, control);
        try {
            done.get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            log.warn("control thread did not stop cleanly: {}", e.toString());
        }
        provisioner.close(keepReplicas);
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    static String rootMessage(Throwable e) {
        Throwable t = unwrap(e);
        if (t instanceof CompletionException && t.getMessage() != null) {
            return t.getMessage();
        }
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
