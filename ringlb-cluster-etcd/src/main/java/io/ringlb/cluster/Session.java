package io.ringlb.cluster;

import io.ringlb.cluster.etcd.EtcdStore;
import io.ringlb.cluster.etcd.Guard;
import io.ringlb.cluster.etcd.StoreException;
import io.ringlb.cluster.etcd.Write;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's membership in the cluster: a lease, renewed every third of its TTL, with the
 * key {@code instances/<name>} attached. If the instance dies, etcd deletes the key when the
 * lease runs out, and every other instance sees it leave. If etcd is unreachable for a while
 * nothing changes here: renewals are tried every {@value #PROBE_MS} ms, each on a fresh
 * connection attempt, and resume when it is back (etcd extends leases across its own restarts);
 * if the lease did expire meanwhile, a new one is taken and the key written again.
 * Control thread only.
 */
final class Session {

    private static final Logger log = LoggerFactory.getLogger(Session.class);

    /** Says the store became unreachable or reachable again. */
    interface Listener {
        void reachable(boolean reachable);
    }

    private final EtcdStore store;
    private final ClusterKeys keys;
    private final String instance;
    private final InstanceInfo info;
    private final Duration ttl;
    private final ScheduledExecutorService control;
    private final Listener listener;
    /** Registration attempts at start while etcd does not answer. */
    private static final int OPEN_ATTEMPTS = 6;
    /** How often a lease renewal is tried while etcd does not answer. */
    private static final long PROBE_MS = 500;
    private long lease;
    private boolean reachable = true;
    private boolean reRegistering;
    /** Lease renewals sent, and the newest whose answer was applied (older answers are ignored). */
    private long probes;
    private long lastProbeApplied;
    private boolean closed;
    private ScheduledFuture<?> renewal;

    Session(EtcdStore store, ClusterKeys keys, String instance, InstanceInfo info, Duration ttl,
            ScheduledExecutorService control, Listener listener) {
        this.store = store;
        this.keys = keys;
        this.instance = instance;
        this.info = info;
        this.ttl = ttl;
        this.control = control;
        this.listener = listener;
    }

    long lease() {
        return lease;
    }

    boolean reachable() {
        return reachable;
    }

    /** Takes a lease and registers; completes on the control thread. Fails if the name is held by another live instance. */
    CompletableFuture<Void> open() {
        return registerPatiently(OPEN_ATTEMPTS).thenRunAsync(() -> {
            scheduleRenewal(ttl.toMillis() / 3);
        }, control);
    }

    /**
     * {@link #register()}, tried again while etcd does not answer: a JVM just started needs a
     * while for its first call (gRPC's channel, TLS, classes), more on a busy machine.
     */
    private CompletableFuture<Void> registerPatiently(int attempts) {
        return register().handleAsync((v, e) -> {
            if (e == null) {
                return CompletableFuture.<Void>completedFuture(null);
            }
            if (attempts <= 1 || !(ClusterControl.unwrap(e) instanceof StoreException)) {
                return CompletableFuture.<Void>failedFuture(ClusterControl.unwrap(e));
            }
            log.warn("cluster: etcd did not answer ({}); trying again", ClusterControl.rootMessage(e));
            return Retry.later(control, 500, () -> registerPatiently(attempts - 1));
        }, control).thenCompose(f -> f);
    }

    private CompletableFuture<Void> register() {
        String key = keys.instance(instance);
        return store.grantLease(ttl).thenComposeAsync(granted -> {
            lease = granted;
            return store.txn(List.of(Guard.absent(key)), List.of(new Write.Put(key, info.toJson(), granted)), key);
        }, control).thenComposeAsync(r -> {
            if (r.succeeded()) {
                log.info("cluster: registered as instance '{}' (lease {}, TTL {} s)", instance, Long.toHexString(lease), ttl.toSeconds());
                return CompletableFuture.completedFuture(null);
            }
            InstanceInfo holder = r.read() == null ? null : InstanceInfo.parse(r.read().value());
            if (!info.sameSeat(holder)) {
                store.revoke(lease);
                return CompletableFuture.failedFuture(new IllegalStateException("instance name '" + instance
                        + "' is held by a live balancer (" + (holder == null ? "unknown" : "host " + holder.host()
                        + ", port " + holder.port() + ", pid " + holder.pid()) + "); give this one another --cluster-instance"));
            }
            // The same host and port: this instance's previous run, whose lease has not run out yet.
            log.info("cluster: taking over instance '{}' from its previous run (pid {})", instance, holder.pid());
            return store.txn(List.of(), List.of(new Write.Put(key, info.toJson(), lease)), null).thenApply(x -> (Void) null);
        }, control);
    }

    /**
     * Renews the lease, then schedules the next renewal: a third of the TTL on, or
     * {@link #PROBE_MS} while etcd does not answer, so that the instance learns within a moment
     * that it is back. Not after the lease expired: {@link #reRegister()} schedules then.
     */
    private void renew() {
        renewal = null;
        if (closed) {
            return;
        }
        check().whenCompleteAsync((alive, e) -> {
            if (!closed && renewal == null && !reRegistering) {
                scheduleRenewal(reachable ? ttl.toMillis() / 3 : PROBE_MS);
            }
        }, control);
    }

    private void scheduleRenewal(long delayMs) {
        renewal = control.schedule(this::renew, delayMs, TimeUnit.MILLISECONDS);
    }

    /**
     * Whether this instance can change the cluster now: renews the lease once (after dropping
     * gRPC's reconnect back-off, if etcd did not answer last time) and updates {@link #reachable()}.
     * False while etcd does not answer, and while the instance registers again after its lease ran
     * out ({@link #registering()}). Completes on the control thread; never fails.
     */
    CompletableFuture<Boolean> check() {
        if (!reachable) {
            store.reconnectNow();
        }
        long renewing = lease;
        long probe = ++probes;
        return store.keepAlive(renewing).handleAsync((alive, e) -> {
            if (closed) {
                return false;
            }
            if (probe < lastProbeApplied) {
                // An older renewal answering late (a scheduled one beside an admin one): the newer one decided.
                return reachable && !reRegistering;
            }
            lastProbeApplied = probe;
            if (e != null) {
                becameUnreachable(e);
                return false;
            }
            becameReachable();
            if (!alive && renewing == lease && !reRegistering) {
                log.warn("cluster: lease {} expired while etcd could not be reached; registering again", Long.toHexString(lease));
                if (renewal != null) {
                    renewal.cancel(false);
                    renewal = null;
                }
                reRegistering = true;
                reRegister();
            }
            return !reRegistering;
        }, control);
    }

    /** Whether the lease ran out and the instance is registering again (changes wait for it). */
    boolean registering() {
        return reRegistering;
    }

    private void reRegister() {
        register().whenCompleteAsync((v, e) -> {
            if (closed) {
                return;
            }
            if (e != null) {
                log.warn("cluster: registering again failed ({}); retrying", e.getMessage());
                if (ClusterControl.unwrap(e) instanceof StoreException) {
                    becameUnreachable(e);
                }
                store.reconnectNow();
                control.schedule(this::reRegister, PROBE_MS, TimeUnit.MILLISECONDS);
                return;
            }
            reRegistering = false;
            becameReachable();
            scheduleRenewal(ttl.toMillis() / 3);
        }, control);
    }

    /** Marks etcd unreachable, saying so once per outage. */
    private void becameUnreachable(Throwable why) {
        if (reachable) {
            reachable = false;
            log.warn("cluster: etcd unreachable ({}); serving with the last ring, /add and /rm refused until it is back",
                    ClusterControl.rootMessage(why));
            listener.reachable(false);
        }
    }

    /** Marks etcd reachable, saying so when it was not. */
    private void becameReachable() {
        if (!reachable) {
            reachable = true;
            log.info("cluster: etcd reachable again");
            listener.reachable(true);
        }
    }

    /** Stops renewing; with {@code leave}, ends the lease now so the instance leaves at once. */
    CompletableFuture<Void> close(boolean leave) {
        closed = true;
        if (renewal != null) {
            renewal.cancel(false);
        }
        return leave && lease != 0 ? store.revoke(lease) : CompletableFuture.completedFuture(null);
    }
}
