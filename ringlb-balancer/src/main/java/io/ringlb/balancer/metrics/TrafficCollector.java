package io.ringlb.balancer.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.ringlb.balancer.traffic.LatencyBuckets;
import io.ringlb.balancer.traffic.LocalReply;
import io.ringlb.balancer.traffic.LoopTraffic;
import io.ringlb.balancer.traffic.MethodClass;
import io.ringlb.balancer.traffic.ReplicaTraffic;
import io.ringlb.balancer.traffic.RetryReason;
import io.ringlb.balancer.traffic.TrafficRecorder;
import java.util.ArrayList;
import java.util.List;

/**
 * The data path's metrics, read at scrape time from the counters each event loop keeps for itself
 * ({@link TrafficRecorder}): nothing is recorded through Micrometer per request. Per-replica series
 * cover the replicas that are not gone; a request/status combination appears once it happened.
 */
final class TrafficCollector implements MultiCollector {

    private static final String[] STATUS_CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    private static final double[] BOUNDS;

    static {
        BOUNDS = new double[LatencyBuckets.COUNT];
        System.arraycopy(LatencyBuckets.BOUNDS_SECONDS, 0, BOUNDS, 0, LatencyBuckets.BOUNDS_SECONDS.length);
        BOUNDS[LatencyBuckets.COUNT - 1] = Double.POSITIVE_INFINITY;
    }

    private final ReplicaRoster roster;
    private final List<TrafficRecorder> loops;

    TrafficCollector(ReplicaRoster roster, List<TrafficRecorder> loops) {
        this.roster = roster;
        this.loops = List.copyOf(loops);
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> out = new ArrayList<>();
        perReplica(out);
        perLoop(out);
        return new MetricSnapshots(out);
    }

    private void perReplica(List<MetricSnapshot> out) {
        Families.Counters requests = new Families.Counters("ringlb_requests",
                "Responses to clients by the replica of the request's last attempt, method and status class "
                        + "(including 502/504 the balancer made for that replica)");
        HistogramSnapshot.Builder durations = HistogramSnapshot.builder().name("ringlb_request_duration_seconds")
                .unit(Unit.SECONDS).help("From the request's head arriving to the response's last byte written, by replica");
        Families.Gauges inFlight = new Families.Gauges("ringlb_requests_in_flight",
                "Requests sent to the replica whose response has not finished");
        Families.Counters retries = new Families.Counters("ringlb_retries",
                "Attempts that failed at this replica and moved on to the next replica on the ring, by reason");
        Families.Counters reqBytes = new Families.Counters("ringlb_replica_request_bytes",
                "Request body bytes sent on to the replica");
        Families.Counters respBytes = new Families.Counters("ringlb_replica_response_bytes",
                "Response bytes (head as rewritten, and body) passed from the replica to clients");
        Families.Gauges connOpen = new Families.Gauges("ringlb_replica_connections",
                "Connections to the replica open now (in use or idle)");
        Families.Counters connOpened = new Families.Counters("ringlb_replica_connections_opened",
                "Connections opened to the replica");
        Families.Counters connReused = new Families.Counters("ringlb_replica_connections_reused",
                "Requests sent on a pooled keep-alive connection instead of a new one");
        Families.Gauges connIdle = new Families.Gauges("ringlb_replica_connections_idle",
                "Keep-alive connections to the replica idle in the pools");
        boolean anyDuration = false;
        for (ReplicaRoster.Entry e : roster.current()) {
            String name = e.replica().name();
            ReplicaTraffic t = e.replica().traffic();
            for (MethodClass m : MethodClass.values()) {
                for (int c = 0; c < STATUS_CLASSES.length; c++) {
                    long n = t.responses(m, c);
                    if (n > 0 || (m == MethodClass.GET && c == 1)) { // GET 2xx always: a rate of 0 is worth showing
                        requests.add(n, "replica", name, "method", m.name(), "code", STATUS_CLASSES[c]);
                    }
                }
            }
            long[] buckets = t.latencyBuckets();
            durations.dataPoint(HistogramSnapshot.HistogramDataPointSnapshot.builder()
                    .labels(Labels.of("replica", name))
                    .classicHistogramBuckets(ClassicHistogramBuckets.of(BOUNDS, buckets))
                    .sum(t.durationSeconds())
                    .build());
            anyDuration = true;
            inFlight.add(e.replica().inFlight(), "replica", name);
            for (RetryReason r : RetryReason.values()) {
                retries.add(t.failedAttempts(r), "replica", name, "reason", r.label());
            }
            reqBytes.add(t.requestBytes(), "replica", name);
            respBytes.add(t.responseBytes(), "replica", name);
            connOpen.add(Math.max(0, t.connectionsOpened() - t.connectionsClosed()), "replica", name);
            connOpened.add(t.connectionsOpened(), "replica", name);
            connReused.add(t.connectionsReused(), "replica", name);
            connIdle.add(Math.max(0, t.connectionsIdle()), "replica", name);
        }
        requests.into(out);
        if (anyDuration) {
            out.add(durations.build());
        }
        inFlight.into(out);
        retries.into(out);
        reqBytes.into(out);
        respBytes.into(out);
        connOpen.into(out);
        connOpened.into(out);
        connReused.into(out);
        connIdle.into(out);
    }

    private void perLoop(List<MetricSnapshot> out) {
        long opened = 0;
        long closed = 0;
        long in = 0;
        long sent = 0;
        long admin = 0;
        long dropped = 0;
        int[] codes = LoopTraffic.localReplyCodes();
        long[][] local = new long[LocalReply.values().length][codes.length];
        for (TrafficRecorder r : loops) {
            LoopTraffic c = r.counts();
            opened += c.clientConnectionsOpened();
            closed += c.clientConnectionsClosed();
            in += c.clientBytesIn();
            sent += c.clientBytesOut();
            admin += c.adminRequests();
            dropped += c.accessLogDropped();
            for (LocalReply why : LocalReply.values()) {
                for (int i = 0; i < codes.length; i++) {
                    local[why.ordinal()][i] += c.localReplies(why, codes[i]);
                }
            }
        }
        Families.Counters replies = new Families.Counters("ringlb_local_replies",
                "Responses the balancer made itself instead of passing a replica's on, by reason and status");
        for (LocalReply why : LocalReply.values()) {
            for (int i = 0; i < codes.length; i++) {
                if (local[why.ordinal()][i] > 0) {
                    replies.add(local[why.ordinal()][i], "reason", why.label(), "code", Integer.toString(codes[i]));
                }
            }
        }
        replies.into(out);
        new Families.Counters("ringlb_client_received_bytes", "Bytes read from client connections (on the wire)")
                .add(in).into(out);
        new Families.Counters("ringlb_client_sent_bytes", "Bytes written to client connections (on the wire)")
                .add(sent).into(out);
        new Families.Gauges("ringlb_client_connections", "Client connections open now")
                .add(Math.max(0, opened - closed)).into(out);
        new Families.Counters("ringlb_client_connections_opened", "Client connections accepted")
                .add(opened).into(out);
        new Families.Counters("ringlb_admin_requests", "Admin requests on the traffic port (/, /rep, /add, /rm)")
                .add(admin).into(out);
        new Families.Counters("ringlb_access_log_dropped", "Access log lines dropped because the writer could not keep up")
                .add(dropped).into(out);
    }
}
