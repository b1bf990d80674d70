package io.ringlb.cluster;

import io.ringlb.cluster.etcd.EtcdStore;
import io.ringlb.cluster.etcd.Guard;
import io.ringlb.cluster.etcd.KeyValue;
import io.ringlb.cluster.etcd.Write;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Changes the membership record by compare-and-swap: reads it (the watched copy first), applies
 * a change, and writes the result in a transaction guarded on the record's revision, so a
 * concurrent writer's change is never lost: on a conflict the change is applied again to the
 * record that won. Extra guards (for example "instance X is still live") and writes (for example
 * deleting launch answers) go in the same transaction.
 *
 * <p>A change that refuses the watched copy is tried once more on the record etcd holds now
 * (a read-only transaction guarded the same way), since the watch may not have brought another
 * instance's write yet: an {@code /rm} answered by one instance is followed at once by an
 * {@code /add} of the same name on another, which must not be refused for a stale copy.
 */
final class RecordWriter {

    /** A change that cannot apply to the record as it now is; it carries why. */
    static final class Rejected extends RuntimeException {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    /** An extra guard failed: the instances the change relied on are not as they were. */
    static final class GuardFailed extends RuntimeException {
        GuardFailed() {
            super("the cluster changed under the operation (an instance joined or left)", null, false, false);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(RecordWriter.class);
    private static final int ATTEMPTS = 8;

    private final EtcdStore store;
    private final ClusterKeys keys;
    private final ClusterState state;
    private final Executor control;

    RecordWriter(EtcdStore store, ClusterKeys keys, ClusterState state, Executor control) {
        this.store = store;
        this.keys = keys;
        this.state = state;
        this.control = control;
    }

    /** What a change produces: the new record (or the same one: nothing to write) and what else goes with it. */
    record Change(ClusterRecord record, List<Guard> guards, List<Write> writes) {

        static Change to(ClusterRecord record) {
            return new Change(record, List.of(), List.of());
        }

        Change guardedBy(List<Guard> more) {
            List<Guard> all = new ArrayList<>(guards);
            all.addAll(more);
            return new Change(record, all, writes);
        }

        Change alsoWriting(List<Write> more) {
            List<Write> all = new ArrayList<>(writes);
            all.addAll(more);
            return new Change(record, guards, List.copyOf(all));
        }
    }

    /**
     * Applies {@code change} to the current record and writes it. Completes (on the control
     * thread) with the revision written, or the record's revision when the change made none;
     * fails with {@link Rejected} when the change throws it, {@link GuardFailed}, or a
     * {@link io.ringlb.cluster.etcd.StoreException}.
     */
    CompletableFuture<Long> update(String why, Function<ClusterRecord, Change> change) {
        return attempt(why, change, state.record(), state.recordRevision(), 1, false);
    }

    /**
     * @param confirmed whether {@code current} was read from etcd by this update (not the watched
     *                  copy), so that a refusal of it stands
     */
    private CompletableFuture<Long> attempt(String why, Function<ClusterRecord, Change> change, ClusterRecord current,
                                            long revision, int n, boolean confirmed) {
        Change c;
        try {
            c = change.apply(current);
        } catch (RuntimeException e) {
            return confirmed || n >= ATTEMPTS ? CompletableFuture.failedFuture(e) : confirmRefusal(why, change, revision, n, e);
        }
        if (c.record() == current && c.writes().isEmpty()) {
            return CompletableFuture.completedFuture(revision);
        }
        List<Guard> guards = new ArrayList<>();
        guards.add(Guard.modRevision(keys.members, revision));
        guards.addAll(c.guards());
        List<Write> writes = new ArrayList<>();
        if (c.record() != current) {
            writes.add(new Write.Put(keys.members, c.record().after(current, revision).toJson(), 0));
        }
        writes.addAll(c.writes());
        return store.txn(guards, writes, keys.members).thenComposeAsync(r -> {
            if (r.succeeded()) {
                log.info("cluster: membership written at revision {} ({})", r.revision(), why);
                return CompletableFuture.completedFuture(r.revision());
            }
            KeyValue now = r.read();
            long nowRevision = now == null ? 0 : now.modRevision();
            if (nowRevision == revision) {
                return CompletableFuture.failedFuture(new GuardFailed());
            }
            if (n >= ATTEMPTS) {
                return CompletableFuture.failedFuture(new Rejected("the membership record kept changing; try again"));
            }
            ClusterRecord latest = now == null ? ClusterRecord.EMPTY : ClusterRecord.parse(now.value());
            return attempt(why, change, latest, nowRevision, n + 1, true);
        }, control);
    }

    /**
     * Fails with {@code refusal} if the record is still at {@code revision} in etcd (or etcd cannot
     * say); else applies the change to the newer record.
     */
    private CompletableFuture<Long> confirmRefusal(String why, Function<ClusterRecord, Change> change, long revision, int n,
                                                   RuntimeException refusal) {
        return store.txn(List.of(Guard.modRevision(keys.members, revision)), List.of(), keys.members).handleAsync((r, e) -> {
            if (e != null || r.succeeded()) {
                return CompletableFuture.<Long>failedFuture(refusal);
            }
            KeyValue now = r.read();
            ClusterRecord latest = now == null ? ClusterRecord.EMPTY : ClusterRecord.parse(now.value());
            return attempt(why, change, latest, now == null ? 0 : now.modRevision(), n + 1, true);
        }, control).thenCompose(f -> f);
    }
}
