package io.ringlb.balancer.traffic;

/**
 * What one event loop's exchanges and connections report, counted in that loop's own cells and,
 * with an access log, handed to its writer. Every method runs on the loop that owns the recorder,
 * takes no lock, and allocates nothing (but a trace for a connection's first request, and a note
 * for an error answer). All request methods accept a null trace and then do nothing: that is what
 * {@link #begin} returns when neither metrics nor the access log are on, so the exchange calls the
 * same code either way.
 *
 * <p>An exchange calls, in order: {@link #begin} when the request head arrives; {@link #attempt}
 * for each replica tried, {@link #retry} when one failed and the request moves on; then
 * {@link #responseHead} with the replica's status, or {@link #local} when the balancer answers
 * itself; {@link #sent}/{@link #received} for bytes; and {@link #end} exactly once.
 */
public final class TrafficRecorder {

    private final int loop;
    private final boolean metrics;
    private final TraceRing accessLog;
    private final LoopTraffic counts = new LoopTraffic();

    /**
     * @param loop      this loop's number, 0..n-1 (its cell in each {@link ReplicaTraffic})
     * @param metrics   whether to count (off: {@code --no-metrics})
     * @param accessLog where finished requests go for the access log, or null when it is off
     */
    public TrafficRecorder(int loop, boolean metrics, TraceRing accessLog) {
        this.loop = loop;
        this.metrics = metrics;
        this.accessLog = accessLog;
    }

    public LoopTraffic counts() {
        return counts;
    }

    /** Whether this recorder counts (metrics on); when not, callers may skip work done only for it. */
    public boolean counting() {
        return metrics;
    }

    // ------------------------------------------------------------------ connections

    public void clientConnected() {
        if (metrics) {
            Counters.add(counts.counters, LoopTraffic.CLIENT_OPENED, 1);
        }
    }

    public void clientDisconnected() {
        if (metrics) {
            Counters.add(counts.counters, LoopTraffic.CLIENT_CLOSED, 1);
        }
    }

    /** Bytes read from a client connection, as they came off the socket. */
    public void clientRead(int bytes) {
        if (metrics) {
            Counters.add(counts.counters, LoopTraffic.CLIENT_BYTES_IN, bytes);
        }
    }

    /** Bytes written to a client connection, as they go to the socket. */
    public void clientWrote(int bytes) {
        if (metrics) {
            Counters.add(counts.counters, LoopTraffic.CLIENT_BYTES_OUT, bytes);
        }
    }

    public void replicaConnected(Upstream r) {
        replicaCount(r, ReplicaTraffic.CONNECTIONS_OPENED, 1);
    }

    public void replicaDisconnected(Upstream r) {
        replicaCount(r, ReplicaTraffic.CONNECTIONS_CLOSED, 1);
    }

    /** A request went out on a pooled connection rather than a new one. */
    public void replicaReused(Upstream r) {
        replicaCount(r, ReplicaTraffic.CONNECTIONS_REUSED, 1);
    }

    /** The loop's pool of idle connections to {@code r} grew (+) or shrank (-). */
    public void replicaIdle(Upstream r, int delta) {
        replicaCount(r, ReplicaTraffic.CONNECTIONS_IDLE, delta);
    }

    private void replicaCount(Upstream r, int index, long delta) {
        if (metrics) {
            Counters.add(r.traffic().cell(loop), index, delta);
        }
    }

    // ------------------------------------------------------------------ requests

    /**
     * A request head arrived (or a request was refused): starts its trace, reusing {@code reuse},
     * the connection's trace of its previous request, if given. Returns null when nothing is
     * recorded. With an access log, the caller then {@link #describe}s the request.
     */
    public RequestTrace begin(RequestTrace reuse, RequestTrace.Kind kind, MethodClass method, String clientIp) {
        if (!metrics && accessLog == null) {
            return null;
        }
        RequestTrace t = reuse != null ? reuse.reset() : new RequestTrace();
        t.startNanos = System.nanoTime();
        t.kind = kind;
        t.methodClass = method;
        t.clientIp = clientIp;
        if (kind == RequestTrace.Kind.ADMIN && metrics) {
            Counters.add(counts.counters, LoopTraffic.ADMIN_REQUESTS, 1);
        }
        return t;
    }

    /** Whether finished requests go to an access log: only then is {@link #describe} worth its lookups. */
    public boolean logging() {
        return accessLog != null;
    }

    /**
     * What the access log says of the request besides what is recorded anyway; any may be null
     * (a refused request may have no method or target).
     */
    public void describe(RequestTrace t, String method, String target, String protocol, String requestId,
                         String userAgent, String referer) {
        if (t == null || accessLog == null) {
            return;
        }
        t.startMillis = System.currentTimeMillis();
        t.method = method;
        t.target = target;
        t.protocol = protocol;
        t.requestId = requestId;
        t.userAgent = userAgent;
        t.referer = referer;
    }

    /** The request goes to {@code r} (its first attempt, or a retry's). */
    public void attempt(RequestTrace t, Upstream r) {
        if (t == null) {
            return;
        }
        if (t.upstreamNanos == 0) {
            t.upstreamNanos = System.nanoTime();
        }
        t.replica = r.name();
        t.cell = metrics ? r.traffic().cell(loop) : null;
    }

    /** The attempt at {@code failed} failed for {@code why} and the request moves on to another replica. */
    public void retry(RequestTrace t, Upstream failed, RetryReason why) {
        if (t == null) {
            return;
        }
        t.retries++;
        replicaCount(failed, ReplicaTraffic.FAILED_ATTEMPTS + why.ordinal(), 1);
    }

    /** The replica's final response head, with its status, is on its way to the client. */
    public void responseHead(RequestTrace t, int status) {
        if (t != null) {
            t.status = status;
        }
    }

    /**
     * The balancer answers the request itself with {@code status}, for {@code why}; a 5xx is also
     * kept as one of the loop's last errors, with {@code message}.
     */
    public void local(RequestTrace t, int status, LocalReply why, String message) {
        if (t != null) {
            t.status = status;
            t.local = why;
        }
        if (!metrics) {
            return;
        }
        Counters.add(counts.counters, LoopTraffic.LOCAL_REPLIES + why.ordinal() * LoopTraffic.CODES.length
                + LoopTraffic.codeIndex(status), 1);
        if (status >= 500) {
            counts.noteError(new ErrorNote(System.currentTimeMillis(), status, why, t == null ? null : t.replica, message));
        }
    }

    /** Response bytes written to the client for this request. */
    public void sent(RequestTrace t, int bytes) {
        if (t != null) {
            t.bytesSent += bytes;
        }
    }

    /** Request body bytes received from the client for this request. */
    public void received(RequestTrace t, int bytes) {
        if (t != null) {
            t.bytesReceived += bytes;
        }
    }

    /**
     * The exchange is over: counted under its replica (if one was tried) and logged. Call once.
     *
     * @param complete whether the whole response reached the client
     */
    public void end(RequestTrace t, boolean complete) {
        if (t == null) {
            return;
        }
        t.endNanos = System.nanoTime();
        t.complete = complete;
        long[] c = t.cell;
        if (c != null && t.status > 0) {
            int statusClass = Math.min(4, Math.max(0, t.status / 100 - 1));
            long nanos = t.endNanos - t.startNanos;
            Counters.add(c, ReplicaTraffic.RESPONSES + t.methodClass.ordinal() * ReplicaTraffic.STATUS_CLASSES + statusClass, 1);
            Counters.add(c, ReplicaTraffic.BUCKETS + LatencyBuckets.of(nanos), 1);
            Counters.add(c, ReplicaTraffic.DURATION_NANOS, nanos);
            Counters.add(c, ReplicaTraffic.REQUEST_BYTES, t.bytesReceived);
            Counters.add(c, ReplicaTraffic.RESPONSE_BYTES, t.bytesSent);
        }
        if (accessLog != null && !accessLog.offer(t)) {
            Counters.add(counts.counters, LoopTraffic.LOG_DROPPED, 1);
        }
    }
}
