package io.ringlb.balancer.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.ringlb.balancer.cluster.ClusterEvents;
import io.ringlb.balancer.cluster.Replica;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The replica set's meters, recorded as things happen (off the data path): heartbeat durations
 * and failures per replica, adds, removes, failures, replacements, and the last heal time. A
 * replica's heartbeat meters go when it leaves for good, so that replacements with new names do
 * not pile up series.
 */
final class ClusterMetrics implements ClusterEvents {

    private static final Duration[] HEARTBEAT_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500)};

    private final MeterRegistry registry;
    private final Counter added;
    private final Counter removed;
    private final Counter replaced;
    private final Counter failed;
    private final Counter unhealthy;
    private final AtomicLong lastHealNanos = new AtomicLong(-1);
    private final Map<Replica, Heartbeats> heartbeats = new ConcurrentHashMap<>();

    /** One replica's heartbeat meters. */
    private record Heartbeats(Timer duration, Counter failures) {
    }

    ClusterMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.added = Counter.builder("ringlb.replicas.added")
                .description("Replicas that joined the ring by start-up, /add or registration (static backends)").register(registry);
        this.removed = Counter.builder("ringlb.replicas.removed")
                .description("Replicas taken out of the ring by /rm").register(registry);
        this.replaced = Counter.builder("ringlb.replicas.replaced")
                .description("Replacements that joined the ring in place of failed replicas").register(registry);
        this.failed = Counter.builder("ringlb.replica.failures").tag("kind", "failed")
                .description("Replicas taken out of the ring because they failed (exited, or missed --heartbeat-fails heartbeats)")
                .register(registry);
        this.unhealthy = Counter.builder("ringlb.replica.failures").tag("kind", "unhealthy")
                .description("Replicas taken out of the ring because they failed (exited, or missed --heartbeat-fails heartbeats)")
                .register(registry);
        Gauge.builder("ringlb.last.heal", lastHealNanos, n -> n.get() < 0 ? Double.NaN : n.get() / 1e9)
                .baseUnit("seconds")
                .description("Time from noticing the last replaced failure to its replacement joining the ring (NaN before any)")
                .register(registry);
    }

    @Override
    public void heartbeat(Replica replica, long nanos, String failure) {
        if (replica.retired()) {
            return; // a check that finished after its replica left for good
        }
        Heartbeats h = heartbeats.computeIfAbsent(replica, r -> new Heartbeats(
                Timer.builder("ringlb.heartbeat.duration").tag("replica", r.name())
                        .description("Heartbeat round trips (GET /heartbeat on a new connection), good or failed")
                        .serviceLevelObjectives(HEARTBEAT_BUCKETS)
                        .register(registry),
                Counter.builder("ringlb.heartbeat.failures").tag("replica", r.name())
                        .description("Failed heartbeats (no connection, timeout, or a status other than 200)")
                        .register(registry)));
        h.duration.record(nanos, TimeUnit.NANOSECONDS);
        if (failure != null) {
            h.failures.increment();
        }
    }

    @Override
    public void joined(Replica replica, Joined how) {
        switch (how) {
            case ADDED -> added.increment();
            case REPLACEMENT -> replaced.increment();
            case ADOPTED, HEALTHY_AGAIN -> { }
        }
    }

    @Override
    public void left(Replica replica, Left how, String reason) {
        switch (how) {
            case REMOVED -> removed.increment();
            case FAILED -> failed.increment();
            case UNHEALTHY -> unhealthy.increment();
        }
        if (how != Left.UNHEALTHY) { // a static backend keeps being checked
            retired(replica);
        }
    }

    /** Drops the heartbeat meters of a replica that is gone (again when it is finally stopped, for a late check). */
    void retired(Replica replica) {
        Heartbeats h = heartbeats.remove(replica);
        if (h != null) {
            registry.remove(h.duration);
            registry.remove(h.failures);
        }
    }

    @Override
    public void healed(Replica replacement, long nanos) {
        lastHealNanos.set(nanos);
    }
}
