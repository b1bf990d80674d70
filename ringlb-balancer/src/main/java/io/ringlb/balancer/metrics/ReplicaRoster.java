package io.ringlb.balancer.metrics;

import io.ringlb.balancer.cluster.ClusterEvents;
import io.ringlb.balancer.cluster.Replica;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every replica the balancer has had, with where it stands and its last heartbeat: what the
 * metrics, {@code /stats} and the dashboard list. Replicas that are gone stay listed (their
 * counts since start are part of {@code /stats}), the most recent {@link #GONE_KEPT} of them.
 * Updated from cluster events; read from any thread.
 */
public final class ReplicaRoster implements ClusterEvents {

    /** Gone replicas kept listed. */
    static final int GONE_KEPT = 64;

    /** Where a replica stands. */
    public enum Status {
        /** In the ring, taking requests. */
        UP,
        /** A static backend missing its heartbeats: registered, out of the ring. */
        UNHEALTHY,
        /** Taken out by /rm, finishing its requests in flight. */
        DRAINING,
        /** Stopped, failed or retired: no longer the balancer's. */
        GONE
    }

    /** One replica's standing; fields are written on the control thread or an event loop, read anywhere. */
    public static final class Entry {
        private final Replica replica;
        private final long sinceMillis = System.currentTimeMillis();
        private volatile Status status = Status.UP;
        private volatile long goneMillis;
        private volatile long heartbeatNanos = -1;
        private volatile String heartbeatFailure;
        private volatile int failuresInARow;

        Entry(Replica replica) {
            this.replica = replica;
        }

        public Replica replica() {
            return replica;
        }

        public Status status() {
            return status;
        }

        /** When it joined, epoch milliseconds. */
        public long sinceMillis() {
            return sinceMillis;
        }

        /** When it went, epoch milliseconds, or 0. */
        public long goneMillis() {
            return goneMillis;
        }

        /** The last heartbeat's duration, or -1 before the first. */
        public long heartbeatNanos() {
            return heartbeatNanos;
        }

        /** Why the last heartbeat failed, or null if it was good. */
        public String heartbeatFailure() {
            return heartbeatFailure;
        }

        /** Consecutive failed heartbeats up to now. */
        public int failuresInARow() {
            return failuresInARow;
        }
    }

    private final Map<Replica, Entry> entries = new LinkedHashMap<>();

    @Override
    public synchronized void joined(Replica replica, Joined how) {
        entries.computeIfAbsent(replica, Entry::new).status = Status.UP;
    }

    @Override
    public synchronized void left(Replica replica, Left how, String reason) {
        Entry e = entries.computeIfAbsent(replica, Entry::new);
        switch (how) {
            case REMOVED -> e.status = Status.DRAINING;
            case UNHEALTHY -> e.status = Status.UNHEALTHY;
            case FAILED -> gone(e);
        }
    }

    /** The replica was stopped for good (after draining, or after failing). */
    public synchronized void retired(Replica replica) {
        Entry e = entries.get(replica);
        if (e != null && e.status != Status.GONE) {
            gone(e);
        }
    }

    private void gone(Entry e) {
        e.status = Status.GONE;
        e.goneMillis = System.currentTimeMillis();
        int gone = 0;
        for (Entry x : entries.values()) {
            if (x.status == Status.GONE) {
                gone++;
            }
        }
        for (Iterator<Entry> it = entries.values().iterator(); gone > GONE_KEPT && it.hasNext(); ) {
            if (it.next().status == Status.GONE) {
                it.remove();
                gone--;
            }
        }
    }

    @Override
    public void heartbeat(Replica replica, long nanos, String failure) {
        Entry e;
        synchronized (this) {
            e = entries.get(replica);
        }
        if (e != null) {
            e.heartbeatNanos = nanos;
            e.heartbeatFailure = failure;
            e.failuresInARow = failure == null ? 0 : e.failuresInARow + 1;
        }
    }

    /** Every listed replica, in the order they joined. */
    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }

    /** The listed replicas that are not gone, in the order they joined. */
    public synchronized List<Entry> current() {
        List<Entry> out = new ArrayList<>();
        for (Entry e : entries.values()) {
            if (e.status != Status.GONE) {
                out.add(e);
            }
        }
        return out;
    }
}
