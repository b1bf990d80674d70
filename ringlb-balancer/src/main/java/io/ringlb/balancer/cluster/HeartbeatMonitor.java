package io.ringlb.balancer.cluster;

import io.ringlb.balancer.RateLimitedLog;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each watched replica {@code GET /heartbeat} every interval. After {@code fails}
 * consecutive failures the listener hears {@code down} once; after a success following that,
 * {@code up} once. A probe still running at the next tick makes that tick skip. A heartbeat that
 * could not even be sent from here (out of file descriptors) is logged as an error and counts
 * neither way: the replica is not to blame.
 */
public final class HeartbeatMonitor {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatMonitor.class);

    /** Hears health changes; called on the monitor's threads. */
    public interface Listener {
        void down(Replica replica, String reason);

        void up(Replica replica);
    }

    /** Sends one heartbeat: {@link HeartbeatClient#check}. */
    public interface Probe {
        CompletableFuture<HeartbeatResult> check(InetSocketAddress address);
    }

    private final Probe client;
    private final ScheduledExecutorService scheduler;
    private final Duration interval;
    private final int fails;
    private final Listener listener;
    private final ClusterEvents events;
    private final Map<Replica, Watch> watches = new ConcurrentHashMap<>();
    private final RateLimitedLog localFailures = new RateLimitedLog(log, Duration.ofSeconds(5));

    /** @param events hears every heartbeat's outcome and duration (not those that could not be sent) */
    public HeartbeatMonitor(Probe client, ScheduledExecutorService scheduler, Duration interval,
                            int fails, Listener listener, ClusterEvents events) {
        this.client = client;
        this.scheduler = scheduler;
        this.interval = interval;
        this.fails = fails;
        this.listener = listener;
        this.events = events;
    }

    /** Starts probing {@code replica}, which is healthy now. */
    public void watch(Replica replica) {
        Watch w = new Watch(replica);
        if (watches.putIfAbsent(replica, w) == null) {
            w.task = scheduler.scheduleWithFixedDelay(w::tick, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Records that {@code replica} is down for a reason found elsewhere (its first heartbeat never
     * came), so that its next good heartbeat reports {@code up}.
     */
    public void markDown(Replica replica) {
        Watch w = watches.get(replica);
        if (w != null) {
            w.markDown();
        }
    }

    /** Stops probing {@code replica}; no further events come for it. */
    public void unwatch(Replica replica) {
        Watch w = watches.remove(replica);
        if (w != null) {
            w.stopped = true;
            if (w.task != null) {
                w.task.cancel(false);
            }
        }
    }

    public void close() {
        for (Replica r : watches.keySet()) {
            unwatch(r);
        }
    }

    private final class Watch {
        final Replica replica;
        volatile ScheduledFuture<?> task;
        volatile boolean stopped;
        boolean probing;
        long probeStarted;
        int consecutiveFailures;
        boolean healthy = true;

        Watch(Replica replica) {
            this.replica = replica;
        }

        synchronized void markDown() {
            healthy = false;
            consecutiveFailures = fails;
        }

        synchronized void tick() {
            if (probing || stopped) {
                return;
            }
            probing = true;
            probeStarted = System.nanoTime();
            client.check(replica.address()).whenComplete((r, err) -> done(err != null ? HeartbeatResult.replicaFailed(err.toString()) : r));
        }

        synchronized void done(HeartbeatResult result) {
            probing = false;
            if (stopped) {
                return;
            }
            if (result.local()) {
                localFailures.error("replica {}: heartbeat could not be sent from here ({}); not counted against the replica",
                        replica.name(), result.failure());
                return;
            }
            String reason = result.failure();
            events.heartbeat(replica, System.nanoTime() - probeStarted, reason);
            if (reason == null) {
                consecutiveFailures = 0;
                if (!healthy) {
                    healthy = true;
                    log.info("replica {}: heartbeat ok again", replica.name());
                    listener.up(replica);
                }
                return;
            }
            consecutiveFailures++;
            log.warn("replica {}: heartbeat failed ({}/{}): {}", replica.name(), consecutiveFailures, fails, reason);
            if (healthy && consecutiveFailures >= fails) {
                healthy = false;
                listener.down(replica, fails + " failed heartbeats, last: " + reason);
            }
        }
    }
}
