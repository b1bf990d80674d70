package io.ringlb.balancer.cluster;

import io.ringlb.balancer.provision.ProvisionedReplica;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.balancer.provision.ReplicaSpec;
import io.ringlb.core.RingMember;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
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
public final class ReplicaSupervisor implements ReplicaControl, HeartbeatMonitor.Listener {

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
    private final Membership members = new Membership();
    private int desired;
    private int replacementsStarting;
    private long replacementBackoffMs = 250;
    private final OperationQueue operations;
    /** When each failure still waiting for its replacement was noticed (System.nanoTime), oldest first. */
    private final ArrayDeque<Long> unhealed = new ArrayDeque<>();
    private volatile boolean closed;
    private final EventFanout events = new EventFanout();

    public ReplicaSupervisor(Provisioner provisioner, Routing routing, HeartbeatClient heartbeats,
                             ScheduledExecutorService control, Duration heartbeatInterval, int heartbeatFails,
                             Settings settings) {
        this.provisioner = provisioner;
        this.routing = routing;
        this.control = control;
        this.settings = settings;
        this.hashingCapacity = routing.hashing().maxMembers();
        this.operations = new OperationQueue(control);
        this.launcher = new ReplicaLauncher(provisioner, heartbeats, settings.startupTimeout(), () -> closed);
        this.monitor = new HeartbeatMonitor(heartbeats::check, control, heartbeatInterval, heartbeatFails, this, events);
    }

    @Override
    public void listen(ClusterEvents listener) {
        events.add(listener);
    }

    @Override
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
    @Override
    public CompletableFuture<ClusterView> start(int initial, Map<String, InetSocketAddress> backends) {
        return serialized(() -> {
            List<ProvisionedReplica> found = provisioner.adopt();
            // Each keeps the id it was started with when it can: those first, then the rest.
            int[] ids = new int[found.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = found.get(i).ordinal() > 0 ? members.claimOrdinal(found.get(i).ordinal()) : 0;
            }
            List<CompletableFuture<Replica>> adopted = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) {
                adopted.add(readyAdopted(found.get(i), ids[i] > 0 ? ids[i] : members.claimOrdinal()));
            }
            return CompletableFuture.allOf(adopted.toArray(CompletableFuture[]::new)).handleAsync((v, e) -> {
                for (CompletableFuture<Replica> a : adopted) {
                    Replica r = a.join();
                    if (r != null) {
                        admit(r); // in the provisioner's order: the order they were first added
                        events.joined(r, ClusterEvents.Joined.ADOPTED);
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
                    if (!members.isTaken(name) && provisioner.nameConflict(name).isEmpty()) {
                        names.add(name);
                    }
                }
                return addNow(new ScaleRequest(missing, names, List.of()));
            }, control).thenCompose(f -> f);
        });
    }

    /** {@code /add}: starts {@code n} replicas and admits them all, or none. */
    @Override
    public CompletableFuture<ClusterView> add(ScaleRequest req) {
        return serialized(() -> addNow(req));
    }

    /**
     * {@code /rm}: takes {@code n} replicas off the ring at once, then drains and stops them.
     * Completes once their names are free for a new replica (the drains go on).
     */
    @Override
    public CompletableFuture<ClusterView> remove(ScaleRequest req) {
        return serialized(() -> removeNow(req));
    }

    /**
     * What {@code /add} with {@code req} would do now, changing nothing: the same checks (and the
     * same errors), the names it would start (generated ones are examples: a real /add draws its
     * own) and the ring before and after.
     */
    @Override
    public CompletableFuture<ScalePreview> previewAdd(ScaleRequest req) {
        return serialized(() -> {
            checkAdd(req);
            List<RingMember> before = ringMembers();
            List<RingMember> after = new ArrayList<>(before);
            List<String> names = new ArrayList<>();
            Set<String> takenNow = new HashSet<>();
            List<Integer> ordinals = members.freeOrdinals(req.n());
            for (int i = 0; i < req.n(); i++) {
                String name = i < req.hostnames().size() ? req.hostnames().get(i) : freshName(takenNow);
                takenNow.add(ReplicaNames.key(name));
                names.add(name);
                after.add(RingMember.of(name, ordinals.get(i)));
            }
            return CompletableFuture.completedFuture(
                    new ScalePreview(names, req.hostnames().size() < req.n(), before, after));
        });
    }

    /**
     * What {@code /rm} with {@code req} would do now, changing nothing: the same checks, the
     * replicas it would take (beyond the named ones, an example of the random choice) and the
     * ring before and after.
     */
    @Override
    public CompletableFuture<ScalePreview> previewRemove(ScaleRequest req) {
        return serialized(() -> {
            List<Replica> victims = ScaleRules.victims(req, members);
            List<RingMember> before = ringMembers();
            List<RingMember> after = new ArrayList<>();
            for (Replica r : members.ring()) {
                if (!victims.contains(r)) {
                    after.add(r.ringMember());
                }
            }
            return CompletableFuture.completedFuture(new ScalePreview(victims.stream().map(Replica::name).toList(),
                    req.hostnames().size() < req.n(), before, after));
        });
    }

    private List<RingMember> ringMembers() {
        return members.ring().stream().map(Replica::ringMember).toList();
    }

    private void checkAdd(ScaleRequest req) {
        // Replacements still starting count: they join as long as fewer than desired run.
        ScaleRules.checkAdd(req, members, Math.max(members.size(), desired), provisioner, maxReplicas(),
                hashingCapacity < settings.maxReplicas() ? "the limit of the hashing mode" : "--max-replicas");
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
            int ordinal = members.claimOrdinal();
            ords.add(ordinal);
            members.reserve(spec.name());
            starts.add(launcher.launch(spec, ordinal));
        }
        // While they start (a few hundred ms), the ring points they will bring (tens of ms cold).
        List<RingMember> joining = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            joining.add(RingMember.of(specs.get(i).name(), ords.get(i)));
        }
        routing.prepare(joining);
        return CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).handleAsync((v, err) -> {
            specs.forEach(spec -> members.release(spec.name()));
            if (err != null || closed) {
                routing.forgetPrepared();
                for (int i = 0; i < starts.size(); i++) {
                    members.releaseOrdinal(ords.get(i));
                    starts.get(i).thenAccept(r -> provisioner.stop(r.provisioned()));
                }
                String reason = closed ? "the balancer is shutting down" : rootMessage(err);
                throw new AdminException(500, "<Error> Could not add replicas, nothing changed: " + reason);
            }
            for (CompletableFuture<Replica> s : starts) {
                admit(s.join());
                events.joined(s.join(), ClusterEvents.Joined.ADDED);
            }
            if (provisioner.createsReplicas()) {
                desired += req.n();
            }
            publish();
            log.info("added {}: N={} {}", specs.stream().map(ReplicaSpec::name).toList(), routing.view().n(), routing.view().replicas());
            return routing.view();
        }, control);
    }

    private CompletableFuture<ClusterView> removeNow(ScaleRequest req) {
        List<Replica> victims = ScaleRules.victims(req, members);
        for (Replica r : victims) {
            events.left(r, ClusterEvents.Left.REMOVED, "/rm");
            members.remove(r); // its name and id are free at once: it is off the ring
            monitor.unwatch(r);
        }
        if (provisioner.createsReplicas()) {
            desired -= req.n();
        }
        publish();
        ClusterView view = routing.view();
        log.info("removed {}: N={} {}; draining", victims.stream().map(Replica::name).toList(), view.n(), view.replicas());
        List<CompletableFuture<Void>> renamed = new ArrayList<>();
        for (Replica r : victims) {
            // The provisioner frees the name (a container is renamed) before the drain can stop it.
            long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
            CompletableFuture<Void> released = provisioner.releaseName(r.provisioned());
            released.whenCompleteAsync((v, e) -> drainThenStop(r, deadline), control);
            renamed.add(released);
        }
        // The next operation (an /add of a name just removed) waits for this.
        return CompletableFuture.allOf(renamed.toArray(CompletableFuture[]::new)).handle((v, e) -> view);
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
            if (members.isMember(replica) && members.markHealthy(replica)) {
                events.joined(replica, ClusterEvents.Joined.HEALTHY_AGAIN);
                publish();
                log.info("replica {}: healthy again, back in the ring: N={}", replica.name(), routing.view().n());
            }
        });
    }

    private void failed(Replica replica, String reason) {
        if (!members.isMember(replica) || members.isUnhealthy(replica) || closed) {
            return; // already handled, removed on purpose, or shutting down
        }
        if (!provisioner.createsReplicas()) {
            events.left(replica, ClusterEvents.Left.UNHEALTHY, reason);
            members.markUnhealthy(replica);
            monitor.markDown(replica); // so that its first good heartbeat brings it back
            publish();
            log.warn("replica {}: down ({}), out of the ring until it answers: N={}", replica.name(), reason, routing.view().n());
            return;
        }
        events.left(replica, ClusterEvents.Left.FAILED, reason);
        unhealed.add(System.nanoTime());
        members.remove(replica); // in spec mode, its replacement takes the freed id and so its slots
        monitor.unwatch(replica);
        members.reserve(replica.name());
        publish();
        log.warn("replica {}: failed ({}), out of the ring: N={}", replica.name(), reason, routing.view().n());
        routing.retire(replica);
        provisioner.stop(replica.provisioned()).whenCompleteAsync((v, e) -> {
            members.release(replica.name());
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
            // A warm spare's name when the provisioner keeps one ready, so that it takes over at once.
            // A random name is not checked with the provisioner (for docker, a call to the engine
            // on every healing): it is all but never another container's (36^6 of them), and if it
            // is, the launch fails and the next attempt draws another.
            String name = provisioner.spareName().filter(n -> !members.isTaken(n))
                    .orElseGet(() -> members.freshName(Set.of(), n -> true));
            int ordinal = members.claimOrdinal();
            members.reserve(name);
            replacementsStarting++;
            log.info("replica {}: starting as a replacement ({} of {} running)", name, members.size(), desired);
            launcher.launch(ReplicaSpec.named(name), ordinal).whenCompleteAsync((r, e) -> {
                replacementsStarting--;
                members.release(name);
                if (e != null) {
                    members.releaseOrdinal(ordinal);
                    log.error("replica {}: replacement failed: {}; retrying in {} ms", name, rootMessage(e), replacementBackoffMs);
                    control.schedule(this::reconcile, replacementBackoffMs, TimeUnit.MILLISECONDS);
                    replacementBackoffMs = Math.min(replacementBackoffMs * 2, 10_000);
                    return;
                }
                replacementBackoffMs = 250;
                if (closed || members.size() >= desired) {
                    unhealed.poll(); // no longer needed: a /rm made up for the failure
                    members.releaseOrdinal(ordinal);
                    provisioner.stop(r.provisioned());
                    return;
                }
                admit(r);
                events.joined(r, ClusterEvents.Joined.REPLACEMENT);
                Long failedAt = unhealed.poll();
                if (failedAt != null) {
                    events.healed(r, System.nanoTime() - failedAt);
                }
                publish();
                log.info("replica {}: replacement joined the ring: N={} {}", name, routing.view().n(), routing.view().replicas());
            }, control);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Completes with an adopted replica once it answers, or with null after stopping it if it does not. */
    private CompletableFuture<Replica> readyAdopted(ProvisionedReplica p, int ordinal) {
        if (p.ordinal() > 0 && ordinal != p.ordinal()) {
            log.warn("replica {}: adopted with id {}, since its own id {} is taken", p.name(), ordinal, p.ordinal());
        }
        members.reserve(p.name());
        return launcher.awaitReady(p).handleAsync((v, e) -> {
            members.release(p.name());
            if (e != null) {
                members.releaseOrdinal(ordinal);
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
            int ordinal = members.claimOrdinal();
            all.add(provisioner.start(new ReplicaSpec(b.getKey(), b.getValue())).thenComposeAsync(p -> {
                Replica r = new Replica(p, ordinal);
                admit(r);
                events.joined(r, ClusterEvents.Joined.ADDED);
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
        members.add(r);
        monitor.watch(r);
        r.provisioned().exited().thenRun(() -> down(r, "it exited"));
    }

    private void publish() {
        routing.publish(members.ring(), members.unhealthyNames());
    }

    /** A random name free here and for the provisioner, and not in {@code alsoTaken} (name keys). */
    private String freshName(Set<String> alsoTaken) {
        return members.freshName(alsoTaken, name -> provisioner.nameConflict(name).isEmpty());
    }

    /** Runs {@code op} on the control thread after every earlier operation has finished. */
    private <T> CompletableFuture<T> serialized(Supplier<CompletableFuture<T>> op) {
        return operations.submit(op);
    }

    /**
     * Stops watching, then stops every replica unless {@code keepReplicas}. Call after the proxy
     * has stopped taking requests.
     */
    @Override
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
        return OperationQueue.unwrap(e);
    }

    static String rootMessage(Throwable e) {
        return OperationQueue.rootMessage(e);
    }
}
