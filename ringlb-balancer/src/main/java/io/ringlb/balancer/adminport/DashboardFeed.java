package io.ringlb.balancer.adminport;

import io.netty.handler.codec.http.FullHttpResponse;
import io.ringlb.balancer.admin.JsonReplies;
import io.ringlb.balancer.metrics.ReplicaRoster;
import io.ringlb.balancer.metrics.RingShares;
import io.ringlb.balancer.traffic.ErrorNote;
import io.ringlb.balancer.traffic.TrafficRecorder;
import io.ringlb.core.HashingConfig;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /dashboard/state}: everything the dashboard shows, in one JSON document it polls:
 * the replicas (health, last heartbeat, share, requests per second), the chart's series, the
 * ring's version (the page fetches {@code /ring?sectors=} again when it changes), recent events
 * and the last error answers.
 */
final class DashboardFeed {

    private static final int ERRORS_SHOWN = 20;

    private final ReplicaRoster roster;
    private final RingShares shares;
    private final List<TrafficRecorder> loops;
    private final RecentEvents events;
    private final RateSampler rates;
    private final HashingConfig hashing;
    private final boolean counting;

    DashboardFeed(ReplicaRoster roster, RingShares shares, List<TrafficRecorder> loops, RecentEvents events,
                  RateSampler rates, HashingConfig hashing, boolean counting) {
        this.roster = roster;
        this.shares = shares;
        this.loops = List.copyOf(loops);
        this.events = events;
        this.rates = rates;
        this.hashing = hashing;
        this.counting = counting;
    }

    FullHttpResponse handle() {
        RingShares.Snapshot snap = shares.current();
        List<Map<String, Object>> replicas = new ArrayList<>();
        for (ReplicaRoster.Entry e : roster.current()) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", e.replica().name());
            r.put("address", e.replica().address().getHostString() + ":" + e.replica().address().getPort());
            r.put("status", e.status().name().toLowerCase(Locale.ROOT));
            r.put("heartbeat_ms", e.heartbeatNanos() < 0 ? null : e.heartbeatNanos() / 1e6);
            r.put("heartbeat_failure", e.heartbeatFailure());
            r.put("share", snap.shareOf(e.replica()));
            r.put("requests", e.replica().traffic().requests());
            r.put("errors", e.replica().traffic().serverErrors());
            r.put("in_flight", e.replica().inFlight());
            replicas.add(r);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("time", System.currentTimeMillis());
        out.put("version", snap.state().version());
        out.put("algorithm", hashing.describe());
        out.put("N", snap.state().table().size());
        out.put("counting", counting);
        out.put("replicas", replicas);
        out.put("series", rates.series());
        out.put("events", events.newestFirst());
        out.put("errors", lastErrors());
        return JsonReplies.success(out);
    }

    private List<Map<String, Object>> lastErrors() {
        List<ErrorNote> all = new ArrayList<>();
        for (TrafficRecorder r : loops) {
            all.addAll(r.counts().lastErrors());
        }
        all.sort(Comparator.comparingLong(ErrorNote::epochMillis).reversed());
        List<Map<String, Object>> out = new ArrayList<>();
        for (ErrorNote e : all.subList(0, Math.min(all.size(), ERRORS_SHOWN))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("time", e.epochMillis());
            m.put("status", e.status());
            m.put("reason", e.reason().label());
            m.put("replica", e.replica());
            m.put("message", e.message());
            out.add(m);
        }
        return out;
    }
}
