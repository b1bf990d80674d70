package io.ringlb.cluster;

import io.ringlb.balancer.cluster.AdminException;
import io.ringlb.balancer.cluster.ReplicaNames;
import io.ringlb.balancer.cluster.ScalePreview;
import io.ringlb.balancer.cluster.ScaleRequest;
import io.ringlb.balancer.cluster.ScaleRules;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.cluster.etcd.Guard;
import io.ringlb.core.RingMember;
import io.ringlb.cluster.etcd.Write;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes to the replica set that any instance may run: {@code /add} (and the leader's
 * replacements, the same operation without raising the desired count) and {@code /rm}.
 *
 * <p>An add is all or nothing across instances: (1) one transaction appends the new members as
 * {@code starting}, placed on the live instances holding the fewest, guarded on the record's
 * revision and on those instances still being live; (2) each owner starts its replica and
 * answers with its address once it is ready; (3) one transaction turns all of them
 * {@code serving} at once (the ring changes in that single revision), or, if any could not
 * start, removes them all and their owners stop what they started. Control thread only.
 */
final class Operations {

    private static final Logger log = LoggerFactory.getLogger(Operations.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /**
     * How long an {@code /rm} waits for the owners to release its replicas' names: a rename and
     * one write each, so well under a second unless an owner has lost etcd; then the {@code /rm}
     * answers without it, and an {@code /add} of such a name is refused until it is released.
     */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(5);

    /** An add waiting for its owners' answers. */
    private static final class Pending {
        final String op;
        final List<Member> members;
        /** The revision that wrote the starting members: the watched state shows them from there on. */
        final long since;
        final CompletableFuture<Map<String, InetSocketAddress>> ready = new CompletableFuture<>();

        Pending(String op, List<Member> members, long since) {
            this.op = op;
            this.members = members;
            this.since = since;
        }
    }

    /** An {@code /rm} waiting for the names of the members it turned draining. */
    private record ReleaseWait(Set<String> ids, long since, CompletableFuture<Long> done) {
    }

    private final ClusterContext cx;
    private final Provisioner provisioner;
    private final int maxReplicas;
    private final String limitName;
    private final Duration launchTimeout;
    private final Map<String, Pending> pending = new HashMap<>();
    /** {@code /rm}s of this instance waiting for their members' names to be released. */
    private final List<ReleaseWait> releaseWaits = new ArrayList<>();
    /** This instance's add operations from their first write to their end (before and after {@link #pending}). */
    private final Set<String> running = new HashSet<>();
    /** Operations of this instance being undone (their starting members removed). */
    private final Set<String> aborting = new HashSet<>();

    Operations(ClusterContext cx, Provisioner provisioner, int maxReplicas, String limitName, Duration launchTimeout) {
        this.cx = cx;
        this.provisioner = provisioner;
        this.maxReplicas = maxReplicas;
        this.limitName = limitName;
        this.launchTimeout = launchTimeout;
    }

    /**
     * {@code /add}: completes with the revision that made the replicas serving; fails with an
     * {@link AdminException} (the contract's rules, or "could not add"), a
     * {@link io.ringlb.cluster.etcd.StoreException} or a {@link RecordWriter.GuardFailed}.
     */
    CompletableFuture<Long> add(ScaleRequest req) {
        return addMembers(req.n(), rec -> {
            checkAdd(rec, req);
            return names(rec, req.hostnames(), req.n());
        }, false);
    }

    /** The contract's rules for {@code /add} on {@code rec}. */
    private void checkAdd(ClusterRecord rec, ScaleRequest req) {
        int counted = Math.max(rec.serving().size(), rec.desired()) + startingAdds(rec);
        ScaleRules.checkAdd(req, name -> taken(rec, name), counted, provisioner, maxReplicas, limitName);
    }

    /**
     * Whether a starting or serving member is called {@code name}. A removed (draining) member
     * frees its name once its owner has released it ({@link Member#holdsName()}); until then, or
     * while an instance of an older ringlb is live (it expects a draining member to keep its name
     * until it is gone), this refuses the name with why.
     */
    private boolean taken(ClusterRecord rec, String name) {
        if (rec.active(name) != null) {
            return true;
        }
        boolean olderLive = !cx.state().allReleaseNames();
        String key = ReplicaNames.key(name);
        for (Member m : rec.replicas()) {
            if (m.key().equals(key) && (m.holdsName() || olderLive)) {
                throw AdminException.badRequest("<Error> Hostname '" + name + "' is still held by its removed replica, draining on instance '"
                        + m.owner() + "', " + (m.holdsName() ? "which has not released the name yet" : "while an instance of an older ringlb is in the cluster")
                        + "; it is free once released or drained");
            }
        }
        return false;
    }

    /** The leader's replacements: up to {@code n} new replicas, the desired count unchanged. */
    CompletableFuture<Long> replace(int n) {
        return addMembers(n, rec -> names(rec, List.of(), Math.min(n, rec.desired() - rec.counted())), true);
    }

    private static int startingAdds(ClusterRecord rec) {
        return (int) rec.replicas().stream().filter(m -> m.is(Member.State.STARTING) && !m.replacement()).count();
    }

    private CompletableFuture<Long> addMembers(int n, java.util.function.Function<ClusterRecord, List<String>> namesFor,
                                               boolean replacement) {
        String op = newOp();
        running.add(op);
        AtomicReference<List<Member>> chosen = new AtomicReference<>(List.of());
        CompletableFuture<Long> started = cx.writer().update("operation " + op + " starts", rec -> {
            List<String> names = namesFor.apply(rec);
            if (names.isEmpty()) {
                chosen.set(List.of());
                return RecordWriter.Change.to(rec);
            }
            List<String> owners = Placement.owners(rec, cx.state().live(), names.size());
            List<Integer> ordinals = rec.freeOrdinals(names.size());
            List<Member> members = new ArrayList<>();
            List<Guard> guards = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                members.add(Member.starting(names.get(i), owners.get(i), ordinals.get(i), op, cx.me(), replacement));
            }
            for (String owner : new HashSet<>(owners)) {
                guards.add(Guard.createRevision(cx.keys().instance(owner), cx.state().createRevision(owner)));
            }
            chosen.set(members);
            return RecordWriter.Change.to(rec.withAppended(members)).guardedBy(guards);
        });
        return started.whenComplete((v, e) -> {
            if (e != null) {
                running.remove(op);
            }
        }).thenComposeAsync(rev -> {
            List<Member> members = chosen.get();
            if (members.isEmpty()) {
                running.remove(op);
                return CompletableFuture.completedFuture(rev);
            }
            log.info("cluster: operation {} starts {} on {}", op, members.stream().map(Member::name).toList(),
                    members.stream().map(Member::owner).toList());
            Pending p = new Pending(op, members, rev);
            pending.put(op, p);
            cx.control().schedule(() -> p.ready.completeExceptionally(new IllegalStateException(
                    "not every replica was ready within " + launchTimeout.toSeconds() + " s")), launchTimeout.toMillis(), TimeUnit.MILLISECONDS);
            react();
            return p.ready.thenComposeAsync(addresses -> commit(op, addresses, replacement ? 0 : members.size()), cx.control())
                    .handleAsync((committed, e) -> {
                        pending.remove(op);
                        running.remove(op);
                        if (e == null) {
                            log.info("cluster: operation {} done: {} serving", op, members.stream().map(Member::name).toList());
                            return CompletableFuture.completedFuture(committed);
                        }
                        abort(op);
                        String why = ClusterControl.rootMessage(e);
                        log.warn("cluster: operation {} failed ({}); undoing it", op, why);
                        return CompletableFuture.<Long>failedFuture(new AdminException(500,
                                "<Error> Could not add replicas, nothing changed: " + why));
                    }, cx.control()).thenCompose(f -> f);
        }, cx.control());
    }

    private CompletableFuture<Long> commit(String op, Map<String, InetSocketAddress> addresses, int desiredDelta) {
        return cx.writer().update("operation " + op + " commits", rec -> {
            ClusterRecord done = rec.committed(op, addresses, desiredDelta);
            if (done == null) {
                throw new RecordWriter.Rejected("a replica of the operation left the membership before it completed");
            }
            return RecordWriter.Change.to(done).alsoWriting(List.of(new Write.DeletePrefix(cx.keys().launchPrefix(op))));
        });
    }

    /** Removes operation {@code op}'s starting members (their owners stop them), retrying until etcd takes it. */
    void abort(String op) {
        if (!aborting.add(op)) {
            return;
        }
        cx.writer().update("operation " + op + " is undone", rec -> RecordWriter.Change.to(rec.without(m -> m.is(Member.State.STARTING) && op.equals(m.op()), 0))
                .alsoWriting(List.of(new Write.DeletePrefix(cx.keys().launchPrefix(op)))))
                .whenCompleteAsync((v, e) -> {
                    aborting.remove(op);
                    if (e != null) {
                        log.warn("cluster: undoing operation {} failed ({}); retrying", op, ClusterControl.rootMessage(e));
                        cx.control().schedule(() -> abort(op), 1, TimeUnit.SECONDS);
                    }
                }, cx.control());
    }

    /**
     * {@code /rm}: the chosen serving members turn draining. Completes once their owners have
     * released their names too ({@link #namesReleased}), so that an {@code /add} of one of them,
     * on any instance, succeeds at once; with the revision that showed it.
     */
    CompletableFuture<Long> remove(ScaleRequest req) {
        Set<String> ids = new HashSet<>();
        return cx.writer().update("/rm", rec -> {
            List<Member> victims = victims(rec, req);
            ids.clear();
            victims.forEach(m -> ids.add(m.id()));
            log.info("cluster: removing {}", victims.stream().map(Member::name).toList());
            return RecordWriter.Change.to(rec.draining(ids));
        }).thenComposeAsync(rev -> namesReleased(ids, rev), cx.control());
    }

    /**
     * Completes once each member in {@code ids} has its name released (or is gone, or its owner
     * will not release it: departed, or an older ringlb), or after {@link #RELEASE_WAIT}; with the
     * record's revision then.
     */
    private CompletableFuture<Long> namesReleased(Set<String> ids, long revision) {
        ReleaseWait w = new ReleaseWait(Set.copyOf(ids), revision, new CompletableFuture<>());
        releaseWaits.add(w);
        cx.control().schedule(() -> {
            if (releaseWaits.remove(w)) {
                List<String> held = w.ids().stream().map(id -> cx.state().record().member(id)).filter(m -> m != null && m.holdsName())
                        .map(m -> m.name() + " (on " + m.owner() + ")").toList();
                log.warn("cluster: /rm answers before the names of {} were released (not within {} ms); /add of them is refused until then",
                        held, RELEASE_WAIT.toMillis());
                w.done().complete(cx.state().recordRevision());
            }
        }, RELEASE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        react();
        return w.done();
    }

    /** Whether draining member {@code id} no longer holds its name, or never will while this /rm waits. */
    private static boolean nameFree(ClusterState s, String id) {
        Member m = s.record().member(id);
        return m == null || !m.holdsName() || !s.isLive(m.owner()) || !s.releasesNames(m.owner());
    }

    private static List<Member> victims(ClusterRecord rec, ScaleRequest req) {
        return ScaleRules.victims(req, name -> {
            Member m = rec.active(name);
            return m != null && m.is(Member.State.SERVING) ? m : null;
        }, rec.serving());
    }

    /** What {@link #add} would do on the membership as this instance last saw it, changing nothing. */
    ScalePreview previewAdd(ScaleRequest req) {
        ClusterRecord rec = cx.state().record();
        checkAdd(rec, req);
        List<String> names = names(rec, req.hostnames(), req.n());
        List<Integer> ordinals = rec.freeOrdinals(names.size());
        List<RingMember> before = ringOf(rec.serving());
        List<RingMember> after = new ArrayList<>(before);
        for (int i = 0; i < names.size(); i++) {
            after.add(RingMember.of(names.get(i), ordinals.get(i)));
        }
        return new ScalePreview(names, req.hostnames().size() < req.n(), before, after);
    }

    /** What {@link #remove} would do on the membership as this instance last saw it, changing nothing. */
    ScalePreview previewRemove(ScaleRequest req) {
        ClusterRecord rec = cx.state().record();
        List<Member> victims = victims(rec, req);
        List<Member> staying = new ArrayList<>(rec.serving());
        staying.removeAll(victims);
        return new ScalePreview(victims.stream().map(Member::name).toList(), req.hostnames().size() < req.n(),
                ringOf(rec.serving()), ringOf(staying));
    }

    private static List<RingMember> ringOf(List<Member> members) {
        return members.stream().map(m -> RingMember.of(m.name(), m.ordinal())).toList();
    }

    /**
     * Checks waiting adds and removals against the latest state, and undoes starting members of
     * this instance's forgotten operations.
     */
    void react() {
        ClusterState s = cx.state();
        for (var it = releaseWaits.iterator(); it.hasNext();) {
            ReleaseWait w = it.next();
            if (s.recordRevision() >= w.since() && w.ids().stream().allMatch(id -> nameFree(s, id))) {
                it.remove();
                w.done().complete(s.recordRevision());
            }
        }
        for (Pending p : pending.values()) {
            if (p.ready.isDone() || s.recordRevision() < p.since) {
                continue; // done, or the watch has not brought our own write yet
            }
            Map<String, LaunchResult> answers = s.launches(p.op);
            Map<String, InetSocketAddress> addresses = new HashMap<>();
            String failure = null;
            for (Member m : p.members) {
                LaunchResult r = answers.get(m.key());
                Member now = s.record().member(m.id());
                if (r != null && !r.ok()) {
                    failure = "replica '" + m.name() + "' on instance '" + m.owner() + "': " + r.error();
                } else if (!s.isLive(m.owner())) {
                    failure = "instance '" + m.owner() + "', which was starting replica '" + m.name() + "', left the cluster";
                } else if (now == null) {
                    failure = "replica '" + m.name() + "' was removed from the membership meanwhile";
                } else if (r != null) {
                    addresses.put(m.key(), r.address());
                }
                if (failure != null) {
                    break;
                }
            }
            if (failure != null) {
                p.ready.completeExceptionally(new IllegalStateException(failure));
            } else if (addresses.size() == p.members.size()) {
                p.ready.complete(addresses);
            }
        }
        for (Member m : s.record().replicas()) {
            if (m.is(Member.State.STARTING) && cx.me().equals(m.by()) && !running.contains(m.op())) {
                abort(m.op());
            }
        }
    }

    /** Names for {@code n} new replicas: {@code given} first, then random ones free in the record and for the provisioner. */
    private List<String> names(ClusterRecord rec, List<String> given, int n) {
        List<String> names = new ArrayList<>(given);
        Set<String> taken = new HashSet<>();
        rec.replicas().forEach(m -> taken.add(m.key()));
        given.forEach(g -> taken.add(ReplicaNames.key(g)));
        while (names.size() < n) {
            String name = ReplicaNames.random(taken);
            taken.add(name);
            if (provisioner.nameConflict(name).isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    private static String newOp() {
        return Long.toString(RANDOM.nextLong() & Long.MAX_VALUE, 36);
    }
}
