package io.ringlb.balancer.metrics;

import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.ringlb.balancer.cluster.ClusterEvents;
import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.traffic.TrafficRecorder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Everything {@code GET /metrics} shows, in one Micrometer registry exposed in the Prometheus
 * format by Micrometer's Prometheus registry: JVM and process meters (heap, GC pauses, threads,
 * file descriptors, CPU), the replica set's meters ({@link ClusterMetrics}), and two collectors
 * that read the ring ({@link RingCollector}) and the event loops' own counters
 * ({@link TrafficCollector}) at scrape time.
 */
public final class BalancerMetrics implements AutoCloseable {

    /** A rendered scrape: its content type and bytes. */
    public record Scrape(String contentType, byte[] body) {
    }

    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final ClusterMetrics cluster;

    /**
     * @param traffic the event loops' recorders; their counters are shown only when
     *                {@code dataPath} (off: {@code --no-metrics}, nothing is counted)
     */
    public BalancerMetrics(ReplicaRoster roster, RingShares shares, List<TrafficRecorder> traffic, boolean dataPath) {
        cluster = new ClusterMetrics(registry);
        registry.getPrometheusRegistry().register(new RingCollector(shares));
        if (dataPath) {
            registry.getPrometheusRegistry().register(new TrafficCollector(roster, traffic));
        }
    }

    /**
     * Adds the JVM and process meters. Apart from the constructor because they take a while to
     * set up (JMX beans, GC listeners: about 60 ms of a start here), which the balancer spends
     * once it listens rather than before.
     */
    public void bindProcessMeters() {
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** What to tell the supervisor, so that replica-set meters follow its events. */
    public ClusterEvents clusterEvents() {
        return cluster;
    }

    /** A replica is gone for good (call from the routing's retire hook). */
    public void retired(Replica replica) {
        cluster.retired(replica);
    }

    /**
     * Renders every metric, in OpenMetrics if {@code accept} (the request's Accept field, or null)
     * asks for it, else in the Prometheus text format 0.0.4.
     */
    public Scrape scrape(String accept) {
        String type = accept != null && accept.contains("application/openmetrics-text")
                ? OPEN_METRICS : PROMETHEUS_TEXT;
        return new Scrape(type, registry.scrape(type).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
