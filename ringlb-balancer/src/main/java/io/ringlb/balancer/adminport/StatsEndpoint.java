package io.ringlb.balancer.adminport;

import io.netty.handler.codec.http.FullHttpResponse;
import io.ringlb.balancer.admin.JsonReplies;
import io.ringlb.balancer.metrics.ReplicaRoster;
import io.ringlb.balancer.metrics.RingShares;
import io.ringlb.balancer.traffic.LocalReply;
import io.ringlb.balancer.traffic.LoopTraffic;
import io.ringlb.balancer.traffic.ReplicaTraffic;
import io.ringlb.balancer.traffic.RetryReason;
import io.ringlb.balancer.traffic.TrafficRecorder;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /stats}: requests per replica since start (count, share of all, in flight, errors),
 * what other implementations of the assignment call {@code /lb_analysis} or {@code /server_stats};
 * also the replicas that are gone, and the replies the balancer made itself.
 */
final class StatsEndpoint {

    private final ReplicaRoster roster;
    private final RingShares shares;
    private final List<TrafficRecorder> loops;
    private final boolean counting;

    StatsEndpoint(ReplicaRoster roster, RingShares shares, List<TrafficRecorder> loops, boolean counting) {
        this.roster = roster;
        this.shares = shares;
        this.loops = List.copyOf(loops);
        this.counting = counting;
    }

    FullHttpResponse handle() {
        return JsonReplies.success(stats());
    }

    Map<String, Object> stats() {
        RingShares.Snapshot snap = shares.current();
        List<ReplicaRoster.Entry> entries = roster.entries();
        long total = 0;
        for (ReplicaRoster.Entry e : entries) {
            total += e.replica().traffic().requests();
        }
        List<Map<String, Object>> replicas = new ArrayList<>();
        for (ReplicaRoster.Entry e : entries) {
            ReplicaTraffic t = e.replica().traffic();
            long count = t.requests();
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("name", e.replica().name());
            r.put("status", e.status().name().toLowerCase(Locale.ROOT));
            r.put("count", count);
            r.put("share", total == 0 ? 0.0 : (double) count / total);
            r.put("in_flight", e.replica().inFlight());
            r.put("errors", t.serverErrors());
            long failed = 0;
            for (RetryReason why : RetryReason.values()) {
                failed += t.failedAttempts(why);
            }
            r.put("failed_attempts", failed);
            r.put("ring_share", snap.shareOf(e.replica()));
            replicas.add(r);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("uptime_seconds", ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0);
        out.put("version", snap.state().version());
        out.put("requests", total);
        out.put("replicas", replicas);
        out.put("local_replies", localReplies());
        if (!counting) {
            out.put("note", "started with --no-metrics: requests are not counted");
        }
        return out;
    }

    private Map<String, Long> localReplies() {
        Map<String, Long> out = new LinkedHashMap<>();
        for (LocalReply why : LocalReply.values()) {
            long n = 0;
            for (TrafficRecorder r : loops) {
                for (int code : LoopTraffic.localReplyCodes()) {
                    n += r.counts().localReplies(why, code);
                }
            }
            out.put(why.label(), n);
        }
        return out;
    }
}
