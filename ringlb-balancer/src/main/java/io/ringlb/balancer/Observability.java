package io.ringlb.balancer;

import io.ringlb.balancer.accesslog.AccessLogWriter;
import io.ringlb.balancer.admin.AdminApi;
import io.ringlb.balancer.adminport.AdminListener;
import io.ringlb.balancer.adminport.RecentEvents;
import io.ringlb.balancer.cluster.ReplicaControl;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.balancer.metrics.BalancerMetrics;
import io.ringlb.balancer.metrics.ReplicaRoster;
import io.ringlb.balancer.metrics.RingShares;
import io.ringlb.balancer.traffic.TraceRing;
import io.ringlb.balancer.traffic.TrafficRecorder;
import io.ringlb.transport.Transport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything that lets an operator see the balancer: a traffic recorder per event loop, the
 * replica roster, the metrics registry, the access log's writer, and the admin listener. It
 * follows the replica set and opens before the replicas start (so that a busy admin port fails
 * before any replica is touched, and the dashboard shows the start-up), and closes after the
 * proxy has stopped.
 */
final class Observability implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Observability.class);

    private final ObserveSettings settings;
    private final ReplicaRoster roster = new ReplicaRoster();
    private final RingShares shares;
    private final List<TrafficRecorder> loops = new ArrayList<>();
    private final TrafficRecorder adminRecorder;
    /** Each recorder's hand-over to the access log writer (empty without an access log). */
    private final List<TraceRing> rings = new ArrayList<>();
    private final BalancerMetrics metrics;
    /** What the dashboard lists; null without the admin listener. */
    private final RecentEvents events;
    private AccessLogWriter accessLog;
    private AdminListener listener;

    /** @param loopCount the proxy's event loops; recorder i belongs to the i-th loop of its group */
    Observability(ObserveSettings settings, Routing routing, int loopCount) {
        this.settings = settings;
        this.shares = new RingShares(routing);
        for (int i = 0; i < loopCount; i++) {
            loops.add(newRecorder(i));
        }
        this.adminRecorder = newRecorder(loopCount); // the admin listener's thread: a cell of its own
        List<TrafficRecorder> all = new ArrayList<>(loops);
        all.add(adminRecorder);
        this.metrics = new BalancerMetrics(roster, shares, all, settings.metrics());
        this.events = settings.adminListener() ? new RecentEvents() : null;
    }

    private TrafficRecorder newRecorder(int index) {
        TraceRing ring = null;
        if (settings.accessLog() != null) {
            ring = new TraceRing(settings.accessLog().queue());
            rings.add(ring);
        }
        return new TrafficRecorder(index, settings.metrics(), ring);
    }

    /** Starts following the replica set (before it starts, so that nothing is missed). */
    void follow(ReplicaControl supervisor, Routing routing) {
        supervisor.listen(roster);
        supervisor.listen(metrics.clusterEvents());
        if (events != null) {
            supervisor.listen(events);
        }
        routing.onRetire(r -> {
            roster.retired(r);
            metrics.retired(r);
        });
    }

    /**
     * Opens the access log and the admin listener, as configured.
     *
     * @throws UncheckedIOException if the access log cannot be opened
     * @throws io.ringlb.balancer.adminport.AdminListenerException if the admin port cannot be had
     */
    void open(AdminApi admin, BalancerConfig config, Transport transport) {
        if (settings.accessLog() != null) {
            try {
                accessLog = new AccessLogWriter(settings.accessLog(), rings);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the access log " + settings.accessLog().path() + ": " + e.getMessage(), e);
            }
            if (settings.accessLog().path() != null) {
                ReopenOnHangup.install(accessLog::reopen);
            }
        }
        if (settings.adminListener()) {
            listener = AdminListener.start(settings.adminBind(), settings.adminPort(), transport, new AdminListener.Parts(
                    admin, metrics, roster, shares, loops, adminRecorder, events, config.hashing(), config.proxy().hashKey(),
                    config.proxy().retries(), settings.metrics()));
            log.info("admin listener on http://{}:{} (dashboard /, /metrics, /ring, /stats)",
                    settings.adminBind(), listener.address().getPort());
        }
    }

    /**
     * Adds the JVM and process meters to {@code /metrics}: apart from {@link #open} because they
     * take a while to set up (about 60 ms of JMX beans and GC listeners), which the balancer spends
     * once it listens. Spent while its replicas boot, they took CPU from them (two cores, three
     * replica JVMs) and delayed the first answer.
     */
    void bindProcessMeters() {
        metrics.bindProcessMeters();
    }

    /** The recorder of the proxy's {@code i}-th event loop. */
    TrafficRecorder recorder(int i) {
        return loops.get(i);
    }

    /** Where the admin listener listens, or null when it is off. */
    InetSocketAddress adminAddress() {
        return listener == null ? null : listener.address();
    }

    @Override
    public void close() {
        if (listener != null) {
            listener.close();
        }
        if (accessLog != null) {
            accessLog.close();
        }
        metrics.close();
    }
}
