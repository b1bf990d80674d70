package io.ringlb.cluster;

import io.ringlb.cluster.etcd.Guard;
import io.ringlb.cluster.etcd.Write;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only the leader does, so that it happens once for the cluster, not once per instance:
 * removes the members of instances that left (their lease ran out: they died or lost etcd), and
 * starts replacements until the serving replicas reach the desired count again. Each change is
 * guarded on what it relies on (the departed instances' keys still absent), so a leader with a
 * stale view changes nothing. Control thread only.
 */
final class LeaderDuties {

    private static final Logger log = LoggerFactory.getLogger(LeaderDuties.class);

    private final ClusterContext cx;
    private final Operations ops;
    private boolean leading;
    private boolean cleaning;
    private boolean replacing;
    private long backoffMs = 250;
    private long retryAt;

    LeaderDuties(ClusterContext cx, Operations ops) {
        this.cx = cx;
        this.ops = ops;
    }

    boolean leading() {
        return leading;
    }

    /** Runs after every change of the watched state. */
    void react() {
        boolean now = cx.me().equals(cx.state().leader());
        if (now != leading) {
            leading = now;
            log.info(now ? "cluster: this instance ({}) is the leader" : "cluster: {} is no longer the leader; the leader is {}",
                    cx.me(), cx.state().leader());
        }
        if (!leading) {
            return;
        }
        if (!cleanUp()) {
            replaceMissing();
        }
    }

    /** Starts removing what departed instances left; true while there is such work. */
    private boolean cleanUp() {
        ClusterState s = cx.state();
        Set<String> departed = new HashSet<>();
        for (Member m : s.record().replicas()) {
            if (!s.isLive(m.owner())) {
                departed.add(m.owner());
            }
            if (m.is(Member.State.STARTING) && m.by() != null && !s.isLive(m.by())) {
                departed.add(m.by());
            }
        }
        List<Write> stale = new ArrayList<>();
        Set<String> liveOps = new HashSet<>();
        Set<String> inRecord = new HashSet<>();
        for (Member m : s.record().replicas()) {
            inRecord.add(m.id());
            if (m.is(Member.State.STARTING)) {
                liveOps.add(m.op());
            }
        }
        for (String op : s.launchOps()) {
            if (!liveOps.contains(op)) {
                stale.add(new Write.DeletePrefix(cx.keys().launchPrefix(op)));
            }
        }
        for (String member : s.drainedMembers()) {
            if (!inRecord.contains(member)) {
                stale.add(new Write.DeletePrefix(cx.keys().drainedPrefix(member)));
            }
        }
        if (departed.isEmpty() && stale.isEmpty()) {
            return false;
        }
        if (cleaning) {
            return true;
        }
        cleaning = true;
        List<Guard> guards = departed.stream().map(i -> Guard.absent(cx.keys().instance(i))).toList();
        cx.writer().update("clean-up after " + departed, rec -> RecordWriter.Change.to(rec.without(m -> departed.contains(m.owner())
                        || (m.is(Member.State.STARTING) && departed.contains(m.by())), 0)).guardedBy(guards).alsoWriting(stale))
                .whenCompleteAsync((v, e) -> {
                    cleaning = false;
                    if (e != null) {
                        log.warn("cluster: clean-up after {} failed ({}); retrying", departed, ClusterControl.rootMessage(e));
                        cx.control().schedule(this::react, 500, TimeUnit.MILLISECONDS);
                    } else if (!departed.isEmpty()) {
                        log.info("cluster: removed the replicas of departed instance(s) {}", departed);
                    }
                }, cx.control());
        return true;
    }

    private void replaceMissing() {
        ClusterRecord rec = cx.state().record();
        int missing = rec.desired() - rec.counted();
        if (missing <= 0 || replacing || System.nanoTime() - retryAt < 0) {
            return;
        }
        replacing = true;
        log.info("cluster: {} of {} replicas serving or starting; starting {} replacement(s)", rec.counted(), rec.desired(), missing);
        ops.replace(missing).whenCompleteAsync((v, e) -> {
            replacing = false;
            if (e != null) {
                log.warn("cluster: replacement failed ({}); retrying in {} ms", ClusterControl.rootMessage(e), backoffMs);
                retryAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoffMs);
                cx.control().schedule(this::react, backoffMs, TimeUnit.MILLISECONDS);
                backoffMs = Math.min(backoffMs * 2, 10_000);
            } else {
                backoffMs = 250;
                react();
            }
        }, cx.control());
    }
}
