package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.FullHttpResponse;
import io.ringlb.balancer.admin.JsonReplies;
import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.traffic.LocalReply;
import io.ringlb.balancer.traffic.RequestTrace;
import io.ringlb.balancer.traffic.RetryReason;
import io.ringlb.balancer.traffic.TrafficRecorder;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.core.RoutingTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied request: picks a replica by consistent hashing, sends the request over a pooled (or
 * new) connection on the same event loop, and streams the response back.
 *
 * <p>Its life is one {@link Phase} at a time:
 * <pre>
 *   start ──► CONNECTING ──► SENT ──► STREAMING ──► (RESPONDED) ──► DONE
 *      │          │  ▲         │ ╲──► DISCARDING_404 ─────────────► DONE  (the contract's 400)
 *      │          │  └─retry───┤  ╲─► TUNNEL (after a 101) ─────────► DONE
 *      └──────────┴────────────┴──────────────── 502 / 503 / 504 ───► DONE
 * </pre>
 * A pooled connection skips CONNECTING. If the replica cannot be reached, or drops the connection
 * before its response starts, the request moves on to the next distinct replica on the ring when
 * that is safe: always if nothing was sent yet (the failure came while CONNECTING), otherwise only
 * for idempotent methods whose body (up to {@link ProxySettings#maxReplayBody()}) was kept for
 * replay. RESPONDED is an early response (the replica answered before the request's end): the rest
 * of the body still goes to the replica, which reads and drops it, and both connections stay usable.
 *
 * <p>The exchange is its own connect listener and its own node in the loop's response deadlines
 * (the time to the response's start, and then between two pieces of its body), so an attempt
 * allocates no callbacks.
 */
final class ProxyExchange extends DeadlineList.Node implements Exchange, ChannelFutureListener {

    private static final Logger log = LoggerFactory.getLogger(ProxyExchange.class);

    /** Where the exchange stands. */
    enum Phase {
        /** A new connection to the chosen replica is opening; the request waits for it. */
        CONNECTING,
        /** The request goes (or went) to the replica; no response has started. */
        SENT,
        /** The replica answered 404, which becomes the contract's 400: its body is read and dropped. */
        DISCARDING_404,
        /** The response streams to the client. */
        STREAMING,
        /** The response is complete; the rest of the request body still goes to the replica. */
        RESPONDED,
        /** After a 101: bytes pass both ways untouched until either side closes. */
        TUNNEL,
        /** Over: answered, failed or aborted. Nothing more happens. */
        DONE
    }

    private final FrontendHandler frontend;
    private final ChannelHandlerContext client;
    private final LoopResources loop;
    private final ProxySettings settings;
    private final HttpMethodKind method;
    private final boolean http10;
    private final boolean websocket;
    private final String target;
    /** The head as replicas get it, kept for retries; see {@link RequestHead#writeForReplica}. */
    private final ByteBuf forwardHead;
    private final boolean needsReplicaHost;
    private final long key;
    private final RequestBody body;
    /** The version of the ring the current attempt was routed with (shown to clients in cluster mode). */
    private long ringVersion;
    private final Attempts attempts;
    /** What is recorded of this request (null: nothing is), and where. */
    private final RequestTrace trace;
    private final TrafficRecorder traffic;
    private boolean clientKeepAlive;

    private Phase phase = Phase.CONNECTING;
    /** The replica of the current attempt (kept for naming it after the attempt ended). */
    private Replica replica;
    private ReplicaConnection backend;
    private ChannelFuture connecting;
    private boolean ended;

    /**
     * Reads what it needs from {@code head}, parsed from {@code src}, which is valid only during this call.
     *
     * @param trace the request's trace, or null when nothing is recorded
     */
    ProxyExchange(FrontendHandler frontend, RequestHead head, ByteBuf src, String target, RoutingTable<Replica> table,
                  RequestTrace trace) {
        this.frontend = frontend;
        this.client = frontend.ctx;
        this.loop = frontend.loop;
        this.settings = frontend.proxy.settings;
        this.method = head.method();
        this.http10 = head.http10();
        this.websocket = head.websocketUpgrade();
        this.target = target;
        this.clientKeepAlive = head.clientKeepsAlive();
        this.needsReplicaHost = head.needsReplicaHost();
        this.body = new RequestBody(method.idempotent(), settings.maxReplayBody(), head.contentLength() == 0);
        this.attempts = new Attempts(Math.max(0, settings.retries()));
        this.trace = trace;
        this.traffic = loop.traffic;
        this.key = table.isEmpty() ? 0 : settings.hashKey().key(head, src, target, frontend.clientIp, table.keyHasher(), trace);
        byte[] ip = frontend.clientIpBytes;
        this.forwardHead = client.alloc().directBuffer(head.replicaLengthBound(ip == null ? 0 : ip.length));
        head.writeForReplica(src, forwardHead, ip);
    }

    @Override
    public void start() {
        attempt(frontend.proxy.routing.state());
    }

    /** Sends the request to the best replica not tried yet, by the ring in {@code state}. */
    private void attempt(Routing.State state) {
        RoutingTable<Replica> table = state.table();
        ringVersion = state.version();
        Replica r = table.isEmpty() ? null : attempts.next(loop.picker, table, key);
        if (r == null) {
            int n = attempts.failures();
            if (n == 0) {
                fail(503, LocalReply.NO_REPLICA, "<Error> No replicas available");
            } else {
                fail(502, LocalReply.REPLICA_FAILED, "<Error> No replica could serve the request after " + n + " attempt(s)");
            }
            return;
        }
        replica = r;
        traffic.attempt(trace, r);
        loop.responseDeadlines.arm(this);
        ReplicaConnection pooled = loop.pool.acquire(r);
        if (pooled != null) {
            traffic.replicaReused(r);
            phase = Phase.SENT;
            attach(pooled);
            sendRequest(false);
        } else {
            phase = Phase.CONNECTING;
            frontend.pause(FrontendHandler.PAUSE_CONNECTING);
            connecting = loop.connector.connect(r);
            connecting.addListener(this);
        }
    }

    /** The connect listener. */
    @Override
    public void operationComplete(ChannelFuture f) {
        if (phase != Phase.CONNECTING || f != connecting) {
            f.channel().close(); // the exchange moved on (client gone, timeout) while connecting
            return;
        }
        connecting = null;
        frontend.resume(FrontendHandler.PAUSE_CONNECTING);
        if (!f.isSuccess()) {
            attemptFailed(f.cause());
            return;
        }
        phase = Phase.SENT;
        ReplicaConnection c = ReplicaConnection.of(f.channel());
        c.opened(replica, traffic);
        attach(c);
        sendRequest(true);
    }

    private void attach(ReplicaConnection c) {
        backend = c;
        c.attach(this, method == HttpMethodKind.HEAD, http10, websocket);
    }

    /**
     * Writes the head and the body held so far. Flushes now if asked to (outside a client read)
     * or if the request is complete; otherwise the client's read-complete flushes, so that head
     * and body leave in one write.
     */
    private void sendRequest(boolean flushNow) {
        backend.write(forwardHead.retainedDuplicate());
        if (needsReplicaHost) {
            backend.write(Unpooled.wrappedBuffer(RequestHead.replicaHostEnd(
                    replica.address().getAddress().getHostAddress() + ":" + replica.address().getPort())));
        }
        ByteBuf piece;
        while ((piece = body.nextHeld()) != null) {
            writeToBackend(piece);
        }
        if (flushNow || body.complete()) {
            backend.flush();
        }
    }

    @Override
    public void onRequestBody(ByteBuf piece) {
        traffic.received(trace, piece.readableBytes());
        body.received(piece);
        switch (phase) {
            case CONNECTING -> body.hold(piece);
            case SENT, DISCARDING_404, STREAMING, RESPONDED -> {
                if (backend != null) {
                    writeToBackend(piece); // flushed when the client's read completes (flushToBackend)
                } else {
                    piece.release(); // the replica went after an early response: nobody to send it to
                }
            }
            default -> piece.release();
        }
    }

    @Override
    public void onRequestEnd() {
        body.end();
        if (phase == Phase.RESPONDED) {
            if (backend != null) {
                backend.flush(); // the body's last piece, before the connection goes back to the pool
            }
            finish(); // an early response's request has now arrived whole
        }
    }

    @Override
    public void onRequestBroken(int status, String message) {
        switch (phase) {
            case CONNECTING, SENT, DISCARDING_404 -> {
                clientKeepAlive = false;
                fail(status, LocalReply.REFUSED, message); // the replica's connection closes: it got part of a request
            }
            case STREAMING -> abortClient();
            case RESPONDED -> {
                // The response is whole and on its way: it goes out, then the connection closes. The
                // replica's connection closes at once, since its request is not whole (detachBackend).
                clientKeepAlive = false;
                finish();
            }
            default -> {
                // over already
            }
        }
    }

    private void writeToBackend(ByteBuf piece) {
        if (phase == Phase.SENT && piece.isReadable()) {
            loop.responseDeadlines.arm(this); // the response timeout counts from the request's last progress
        }
        backend.write(piece);
        if (!backendTakesMore()) {
            frontend.pause(FrontendHandler.PAUSE_BACKEND_BUSY);
        }
    }

    /**
     * Whether the replica's connection takes more bytes now. Bytes written but not yet flushed
     * count against its write-buffer mark too; so, past the mark, they go to the socket first, and
     * only what the socket does not take is back-pressure (else a body of a few reads paused and
     * resumed reads, two epoll_ctl calls, before its first flush).
     */
    private boolean backendTakesMore() {
        if (backend.isWritable()) {
            return true;
        }
        backend.flush();
        return backend.isWritable();
    }

    /** {@link #backendTakesMore()}, towards the client. */
    private boolean clientTakesMore() {
        if (client.channel().isWritable()) {
            return true;
        }
        client.flush();
        return client.channel().isWritable();
    }

    @Override
    public void flushToBackend() {
        if (backend != null) {
            backend.flush();
        }
    }

    // ------------------------------------------------------------------ response

    /** Whether a response from the replica is still expected (its bytes are out of step otherwise). */
    boolean awaitingResponse() {
        return phase == Phase.SENT || phase == Phase.DISCARDING_404 || phase == Phase.STREAMING;
    }

    /**
     * The replica's final response head, as {@code head} parsed it from {@code src}, whose reader
     * index is now at the body. It goes to the client as bytes, edited for the client's connection.
     *
     * @param dechunk whether the chunked body reaches this HTTP/1.0 client as plain bytes, ended by
     *        closing the connection
     * @param inlineBody if not negative, the whole body: this many bytes at the reader index,
     *        sent in the head's buffer
     */
    void onResponseHead(ResponseHead head, ByteBuf src, boolean closeDelimited, boolean dechunk, int inlineBody) {
        backend.reusable(head.replicaKeepsAlive() && !closeDelimited);
        loop.responseDeadlines.arm(this); // from now on, the time between two pieces of the body
        if (NotFoundRewrite.applies(head.status(), settings)) {
            phase = Phase.DISCARDING_404;
            return;
        }
        phase = Phase.STREAMING;
        traffic.responseHead(trace, head.status());
        traffic.sent(trace, Math.max(inlineBody, 0));
        if (closeDelimited || dechunk) {
            clientKeepAlive = false;
        }
        byte[] name = replica.nameBytes();
        byte[] versionLine = frontend.proxy.showRingVersion ? loop.ringVersionLine(ringVersion) : null;
        int extra = name.length + (versionLine == null ? 0 : versionLine.length);
        ByteBuf out = client.alloc().directBuffer(head.clientLengthBound(extra) + Math.max(inlineBody, 0));
        head.writeForClient(src, out, name, versionLine, clientKeepAlive, http10, dechunk);
        if (inlineBody > 0) {
            out.writeBytes(src, src.readerIndex(), inlineBody);
        }
        frontend.write(out);
    }

    /** The replica agreed to the WebSocket upgrade: from now on the two connections are one tunnel. */
    void onSwitchingProtocols(ResponseHead head, ByteBuf src) {
        phase = Phase.TUNNEL;
        traffic.responseHead(trace, 101);
        loop.responseDeadlines.disarm(this);
        byte[] name = replica.nameBytes();
        ByteBuf out = client.alloc().directBuffer(head.clientLengthBound(name.length));
        head.writeSwitchingForClient(src, out, name);
        frontend.write(out);
        frontend.startTunnel();
    }

    /** Bytes of the switched protocol from the replica. */
    void onTunnelData(ByteBuf data) {
        if (phase != Phase.TUNNEL) {
            data.release();
            return;
        }
        traffic.sent(trace, data.readableBytes());
        frontend.active(); // a tunnel is idle only when neither side sends
        frontend.write(data);
        if (backend != null && !clientTakesMore()) {
            backend.pauseReads();
        }
    }

    /** Bytes of the switched protocol from the client. */
    void tunnelFromClient(ByteBuf data) {
        if (phase != Phase.TUNNEL || backend == null) {
            data.release();
            return;
        }
        traffic.received(trace, data.readableBytes());
        backend.write(data);
        if (!backendTakesMore()) {
            frontend.pause(FrontendHandler.PAUSE_BACKEND_BUSY);
        }
    }

    /** The replica sent bytes after its response: its connection must not carry another exchange. */
    void replicaOutOfStep() {
        if (backend != null) {
            backend.reusable(false);
        }
    }

    void onResponseBody(ByteBuf piece) {
        if (phase == Phase.DISCARDING_404) {
            piece.release();
            loop.responseDeadlines.arm(this);
            return;
        }
        traffic.sent(trace, piece.readableBytes());
        frontend.write(piece);
        if (!clientTakesMore()) {
            backend.pauseReads();
            loop.responseDeadlines.disarm(this); // the client's own back-pressure is no stall of the replica
        } else {
            loop.responseDeadlines.arm(this);
        }
    }

    /**
     * The response is complete. If the replica answered before the whole request arrived (an early
     * response, such as nginx's {@code return 200} to a POST), the rest of the body still goes to
     * it, since HTTP has it read and drop it, and both connections stay usable once the request is
     * whole.
     *
     * @param clean false if the replica's connection cannot carry another exchange (it closed, or
     *        sent bytes after the response)
     */
    void onResponseEnd(boolean clean) {
        if (!clean) {
            backend.reusable(false);
        }
        if (phase == Phase.DISCARDING_404) {
            detachBackend(true);
            answerNotFound();
            return;
        }
        loop.responseDeadlines.disarm(this);
        if (!body.complete()) {
            phase = Phase.RESPONDED;
            client.flush();
            return;
        }
        finish();
    }

    /**
     * The response is complete: the replica connection goes back to the pool if the request is
     * whole too (else it closes), and the client connection to the next request (or it closes).
     */
    private void finish() {
        phase = Phase.DONE;
        loop.responseDeadlines.disarm(this);
        detachBackend(true);
        end(true);
        if (clientKeepAlive) {
            client.flush();
        } else {
            frontend.closeAfterWrites();
        }
        frontend.exchangeDone(this, clientKeepAlive);
    }

    void flushToClient() {
        client.flush();
    }

    void backendWritabilityChanged(boolean writable) {
        if (writable) {
            frontend.resume(FrontendHandler.PAUSE_BACKEND_BUSY);
        }
    }

    @Override
    public void clientWritabilityChanged(boolean writable) {
        if (writable && backend != null && backend.readsPaused()) {
            backend.resumeReads();
            if (phase == Phase.STREAMING) {
                loop.responseDeadlines.arm(this);
            }
        }
    }

    /**
     * Lets the replica connection go: back to the pool if the whole exchange went over it cleanly
     * (the response complete, and the request too), closed otherwise.
     */
    private void detachBackend(boolean responseComplete) {
        ReplicaConnection c = backend;
        if (c == null) {
            return;
        }
        backend = null;
        frontend.resume(FrontendHandler.PAUSE_BACKEND_BUSY);
        c.release(loop.pool, replica, responseComplete && body.complete());
    }

    // ------------------------------------------------------------------ failures

    /** The replica's response broke off or went wrong: close its connection, and tell the client. */
    void brokenResponse(String what) {
        detachBackend(false);
        switch (phase) {
            case STREAMING -> {
                log.debug("replica {} sent {}", replica.name(), what);
                abortClient();
            }
            case DISCARDING_404 -> answerNotFound(); // the replica said 404: that is the answer
            default -> fail(502, LocalReply.BAD_RESPONSE, "<Error> Replica '" + replica.name() + "' sent " + what);
        }
    }

    /** The replica connection closed or failed (cause null: closed) before the response ended. */
    void onBackendClosed(Throwable cause) {
        backend = null; // already closed, or closing
        frontend.resume(FrontendHandler.PAUSE_BACKEND_BUSY); // its writability will never change again
        switch (phase) {
            case SENT -> attemptFailed(cause);
            case DISCARDING_404 -> answerNotFound(); // the replica said 404 before it went: that is the answer
            case STREAMING -> {
                log.debug("replica {} closed mid-response: {}", replica.name(), cause == null ? "closed" : cause.toString());
                abortClient();
            }
            case TUNNEL -> {
                phase = Phase.DONE;
                end(true);
                frontend.closeAfterWrites();
                frontend.exchangeDone(this, false);
            }
            default -> {
                // RESPONDED: after an early response, the rest of the request body is dropped as it comes
            }
        }
    }

    /** This attempt failed before any response byte reached the client: retry if safe, else 502. */
    private void attemptFailed(Throwable cause) {
        boolean nothingSent = phase == Phase.CONNECTING;
        loop.responseDeadlines.disarm(this);
        Replica failed = attempts.failCurrent(nothingSent && cause instanceof java.net.ConnectException
                && !(cause instanceof io.netty.channel.ConnectTimeoutException));
        boolean safe = nothingSent || body.replayable();
        String why = cause == null ? "connection closed before a response"
                : cause.getMessage() != null ? cause.getMessage() : cause.toString();
        if (safe && attempts.mayRetry()) {
            traffic.retry(trace, failed, nothingSent ? RetryReason.CONNECT : RetryReason.RESET);
            log.debug("replica {} failed ({}); retrying {} {} on the next replica", failed.name(), why, method, target);
            if (!nothingSent) {
                body.rewind();
            }
            attempt(frontend.proxy.routing.state());
            if (backend != null && phase == Phase.SENT) {
                backend.flush(); // a retry runs outside any client read
            }
            return;
        }
        fail(502, LocalReply.REPLICA_FAILED, "<Error> Replica '" + failed.name() + "' failed before responding (" + why + ")"
                + (safe ? "; no replica left to retry on" : "; not retried, since the request was not replayable"));
    }

    /** The deadline passed: no response in time, or no piece of its body in time. */
    @Override
    void expired() {
        switch (phase) {
            case CONNECTING, SENT -> {
                String name = replica != null ? replica.name() : "?";
                closeAttempt();
                fail(504, LocalReply.TIMEOUT, "<Error> Replica '" + name + "' did not respond within "
                        + settings.responseTimeout().toMillis() + " ms");
            }
            case DISCARDING_404 -> {
                closeAttempt();
                answerNotFound(); // its body never ended, but the replica did say 404
            }
            case STREAMING -> {
                log.debug("replica {} sent no byte of its response body for {} ms", replica.name(), settings.responseTimeout().toMillis());
                abortClient();
            }
            default -> {
                // nothing runs against the clock
            }
        }
    }

    /** Gives up the current attempt's connection, open or opening. */
    private void closeAttempt() {
        if (connecting != null) {
            connecting = null; // the connect listener closes the late channel
            frontend.resume(FrontendHandler.PAUSE_CONNECTING);
        }
        detachBackend(false);
    }

    private void answerNotFound() {
        FullHttpResponse r = NotFoundRewrite.reply(target);
        traffic.local(trace, r.status().code(), LocalReply.NOT_FOUND, "replica answered 404");
        reply(r);
    }

    /** Answers the client with a failure JSON, made for {@code why}, and ends the exchange. */
    private void fail(int status, LocalReply why, String message) {
        traffic.local(trace, status, why, message);
        reply(JsonReplies.failure(status, message));
    }

    private void reply(FullHttpResponse r) {
        closeAttempt();
        phase = Phase.DONE;
        loop.responseDeadlines.disarm(this);
        traffic.sent(trace, r.content().readableBytes());
        end(true);
        // Keep the connection when the rest of the request, if any, has arrived.
        boolean keep = clientKeepAlive && body.complete();
        frontend.reply(r, keep, http10);
        frontend.exchangeDone(this, keep);
    }

    @Override
    public void drain() {
        if (phase == Phase.CONNECTING || phase == Phase.SENT || phase == Phase.DISCARDING_404) {
            clientKeepAlive = false; // the response has not started: it says Connection: close
        }
    }

    private void abortClient() {
        abort();
        client.close();
    }

    @Override
    public void abort() {
        if (phase == Phase.DONE) {
            return;
        }
        closeAttempt();
        phase = Phase.DONE;
        loop.responseDeadlines.disarm(this);
        end(false);
    }

    /**
     * Releases what the exchange holds, ends its replica's in-flight count, and records the
     * request as over. Harmless twice.
     *
     * @param complete whether the client got the whole response
     */
    private void end(boolean complete) {
        attempts.finishCurrent();
        body.release();
        if (!ended) {
            ended = true;
            forwardHead.release();
            traffic.end(trace, complete);
        }
    }
}
