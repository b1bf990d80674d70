package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.ringlb.balancer.admin.JsonReplies;
import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.core.RoutingTable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One proxied request: picks a replica by consistent hashing, sends the request over a pooled
 * (or new) connection on the same event loop, and streams the response back.
 *
 * <p>If the replica cannot be reached, or drops the connection before its response starts, the
 * request moves on to the next distinct replica on the ring, when that is safe: always if
 * nothing was sent yet, otherwise only for idempotent methods whose body (up to
 * {@link ProxySettings#maxReplayBody()}) was kept for replay. The exchange is its own connect
 * listener and its own entry in the loop's {@link ResponseDeadlines}, so an attempt allocates no
 * callbacks.
 */
final class ProxyExchange implements Exchange, ChannelFutureListener {

    private static final Logger log = LoggerFactory.getLogger(ProxyExchange.class);

    private final FrontendHandler frontend;
    private final ChannelHandlerContext client;
    /** Writes to the client that skip the HTTP encoder: replica responses pass as bytes. */
    private final ChannelHandlerContext clientRaw;
    private final LoopResources loop;
    private final ProxySettings settings;
    private final HttpRequest request;
    private final boolean http10;
    private final boolean idempotent;
    private boolean clientKeepAlive;
    private long key;
    /** The version of the ring the current attempt was routed with. */
    private long ringVersion;

    private final Attempts attempts;
    /** The replica of the current attempt (kept for naming it after the attempt ended). */
    private Replica replica;
    private Channel backend;
    private boolean connecting;
    private boolean everSent;

    // Owned by the loop's ResponseDeadlines.
    long deadline;
    boolean armed;
    ProxyExchange deadlinePrev;
    ProxyExchange deadlineNext;

    private final RequestBody body;
    private boolean requestSent;
    private boolean responseStarted;
    private boolean responseDone;
    private boolean discarding404;
    private boolean backendReusable;
    private boolean backendReadsPaused;
    private boolean done;

    ProxyExchange(FrontendHandler frontend, HttpRequest request) {
        this.frontend = frontend;
        this.client = frontend.ctx;
        this.clientRaw = frontend.raw;
        this.loop = frontend.loop;
        this.settings = frontend.proxy.settings;
        this.request = request;
        this.http10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
        HttpMethod m = request.method();
        this.idempotent = m == HttpMethod.GET || m == HttpMethod.HEAD || m == HttpMethod.OPTIONS
                || m == HttpMethod.PUT || m == HttpMethod.DELETE || m == HttpMethod.TRACE;
        this.body = new RequestBody(idempotent, settings.maxReplayBody());
        this.attempts = new Attempts(Math.max(0, settings.retries()));
    }

    @Override
    public void start() {
        clientKeepAlive = HttpUtil.isKeepAlive(request);
        Routing.State state = frontend.proxy.routing.state();
        RoutingTable<Replica> table = state.table();
        ringVersion = state.version();
        if (table.isEmpty()) {
            fail(503, "<Error> No replicas available");
            return;
        }
        key = settings.hashKey().key(request, frontend.clientIp, table.keyHasher());
        HttpHeaders h = request.headers();
        ProxyHeaders.removeHopByHop(h);
        ProxyHeaders.addForwarded(h, frontend.clientIp);
        if (http10) {
            request.setProtocolVersion(HttpVersion.HTTP_1_1);
        }
        attempt(table);
    }

    /** Sends the request to the best replica not tried yet. */
    private void attempt(RoutingTable<Replica> table) {
        Replica r = attempts.next(loop.picker, table, key);
        if (r == null) {
            int n = attempts.failures();
            fail(n == 0 ? 503 : 502, n == 0 ? "<Error> No replicas available"
                    : "<Error> No replica could serve the request after " + n + " attempt(s)");
            return;
        }
        replica = r;
        loop.deadlines.arm(this);
        Channel ch = loop.pool.acquire(r);
        if (ch != null) {
            attach(ch);
            sendHead(false);
        } else {
            connecting = true;
            frontend.pause(FrontendHandler.PAUSE_CONNECTING);
            loop.bootstrap.connect(r.address()).addListener(this);
        }
    }

    /** The connect listener. */
    @Override
    public void operationComplete(ChannelFuture f) {
        if (done || !connecting) {
            f.channel().close(); // the exchange ended (client gone, timeout) while connecting
            return;
        }
        connecting = false;
        frontend.resume(FrontendHandler.PAUSE_CONNECTING);
        if (!f.isSuccess()) {
            attemptFailed(f.cause());
            return;
        }
        attach(f.channel());
        sendHead(true);
    }

    private void attach(Channel ch) {
        backend = ch;
        ((BackendHandler) ch.pipeline().last()).attach(this, request.method() == HttpMethod.HEAD, http10);
    }

    /**
     * Writes the request head and any body held so far. Flushes now if asked to (outside a client
     * read) or if the request is complete; otherwise the client's read-complete flushes, so that
     * head and body leave in one write.
     */
    private void sendHead(boolean flushNow) {
        everSent = true;
        backend.write(request, backend.voidPromise());
        HttpContent c;
        while ((c = body.nextHeld()) != null) {
            writeToBackend(c);
        }
        if (flushNow || body.complete()) {
            backend.flush();
        }
    }

    @Override
    public void onRequestContent(HttpContent c) {
        body.received(c);
        if (backend != null) {
            writeToBackend(c); // flushed when the client's read completes (flushToBackend)
        } else if (done || responseDone) {
            c.release(); // nobody to send it to any more
        } else {
            body.hold(c);
        }
        if (responseDone && body.complete() && !done) {
            finish(); // an early response's request has now arrived whole
        }
    }

    private void writeToBackend(HttpContent c) {
        if (c instanceof LastHttpContent) {
            requestSent = true;
        }
        if (!responseStarted && !discarding404 && c.content().isReadable()) {
            // The response timeout counts from the request's last progress: a long upload is fine.
            loop.deadlines.disarm(this);
            loop.deadlines.arm(this);
        }
        backend.write(c, backend.voidPromise());
        if (!backend.isWritable()) {
            frontend.pause(FrontendHandler.PAUSE_BACKEND_BUSY);
        }
    }

    @Override
    public void flushToBackend() {
        if (backend != null) {
            backend.flush();
        }
    }

    // ------------------------------------------------------------------ response

    /** Whether a response from the replica is still expected (its bytes are ignored otherwise). */
    boolean awaitingResponse() {
        return !done && !responseDone;
    }

    /** The replica's response broke off or went wrong: close its connection, and tell the client. */
    void brokenResponse(String what) {
        detachBackend(false);
        if (responseStarted) {
            log.debug("replica {} sent {}", replica.name(), what);
            abortClient();
        } else if (discarding404) {
            failNotFound(); // the replica said 404: that is the answer
        } else {
            fail(502, "<Error> Replica '" + replica.name() + "' sent " + what);
        }
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
        backendReusable = head.replicaKeepsAlive() && !closeDelimited;
        if (head.status() == 404 && settings.rewrite404()) {
            discarding404 = true; // the response timeout still runs: the answer waits for the body's end
            return;
        }
        cancelTimer();
        responseStarted = true;
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
        clientRaw.write(out, clientRaw.voidPromise());
    }

    /** The replica sent bytes after its response: its connection must not carry another exchange. */
    void replicaOutOfStep() {
        backendReusable = false;
    }

    void onResponseBody(ByteBuf piece) {
        if (discarding404) {
            piece.release();
            return;
        }
        clientRaw.write(piece, clientRaw.voidPromise());
        if (!client.channel().isWritable() && backend != null) {
            backend.config().setAutoRead(false);
            backendReadsPaused = true;
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
            backendReusable = false;
        }
        if (discarding404) {
            detachBackend(true);
            failNotFound();
            return;
        }
        responseDone = true;
        if (!body.complete()) {
            client.flush();
            return;
        }
        finish();
    }

    /**
     * Both the response and the request are complete: the replica connection goes back to the
     * pool, and the client connection to the next request (or it closes).
     */
    private void finish() {
        cancelTimer();
        detachBackend(true);
        finishReplica();
        done = true;
        releaseBuffers();
        if (clientKeepAlive) {
            client.flush();
        } else {
            clientRaw.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
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
        if (writable && backend != null && backendReadsPaused) {
            backend.config().setAutoRead(true);
            backendReadsPaused = false;
        }
    }

    /** Releases the replica connection: back to the pool if it can carry another request. */
    private void detachBackend(boolean responseComplete) {
        Channel ch = backend;
        if (ch == null) {
            return;
        }
        backend = null;
        frontend.resume(FrontendHandler.PAUSE_BACKEND_BUSY);
        BackendHandler h = (BackendHandler) ch.pipeline().last();
        if (responseComplete && backendReusable && requestSent && ch.isActive()) {
            h.parkIn(loop.pool, replica);
            if (backendReadsPaused) {
                ch.config().setAutoRead(true);
                backendReadsPaused = false;
            }
            loop.pool.release(replica, ch);
        } else {
            h.detach();
            ch.close();
        }
    }

    // ------------------------------------------------------------------ failures

    /** The replica connection closed or failed (cause null: closed) before the response ended. */
    void onBackendClosed(Throwable cause) {
        if (done) {
            return;
        }
        backend = null; // already closed, or closing
        frontend.resume(FrontendHandler.PAUSE_BACKEND_BUSY); // its writability will never change again
        if (responseDone) {
            return; // after an early response: the rest of the request body is dropped as it comes
        }
        if (responseStarted) {
            log.debug("replica {} closed mid-response: {}", replica.name(), cause == null ? "closed" : cause.toString());
            abortClient();
            return;
        }
        if (discarding404) {
            failNotFound(); // the replica said 404 before it went: that is the answer
            return;
        }
        attemptFailed(cause);
    }

    /** This attempt failed before any response byte reached the client: retry if safe, else 502. */
    private void attemptFailed(Throwable cause) {
        cancelTimer();
        Replica failed = attempts.failCurrent();
        boolean safe = !everSent || body.replayable();
        String why = cause == null ? "connection closed before a response" : cause.getMessage() != null ? cause.getMessage() : cause.toString();
        if (safe && attempts.mayRetry()) {
            log.debug("replica {} failed ({}); retrying {} {} on the next replica", failed.name(), why, request.method(), request.uri());
            if (everSent) {
                body.rewind();
            }
            Routing.State state = frontend.proxy.routing.state();
            ringVersion = state.version();
            attempt(state.table());
            if (backend != null && !done) {
                backend.flush(); // a retry runs outside any client read
            }
            return;
        }
        fail(502, "<Error> Replica '" + failed.name() + "' failed before responding (" + why + ")"
                + (safe ? "; no replica left to retry on" : "; not retried, since the request was not replayable"));
    }

    /** The response timeout passed (called by the loop's {@link ResponseDeadlines}). */
    void timedOut() {
        if (done) {
            return;
        }
        String name = replica != null ? replica.name() : "?";
        if (responseStarted) {
            abortClient();
            return;
        }
        Channel ch = backend;
        detachBackend(false);
        if (ch == null) {
            connecting = false; // the connect listener closes the late channel
            frontend.resume(FrontendHandler.PAUSE_CONNECTING);
        }
        if (discarding404) {
            failNotFound(); // its body never ended, but the replica did say 404
            return;
        }
        fail(504, "<Error> Replica '" + name + "' did not respond within " + settings.responseTimeout().toMillis() + " ms");
    }

    /** The contract's answer when the replica answered 404. */
    private void failNotFound() {
        String uri = request.uri();
        int q = uri.indexOf('?');
        fail(400, "<Error> '" + (q < 0 ? uri : uri.substring(0, q)) + "' endpoint does not exist in server replicas");
    }

    /** Answers the client with a failure JSON and ends the exchange. */
    private void fail(int status, String message) {
        cancelTimer();
        finishReplica();
        done = true;
        releaseBuffers();
        // Keep the connection when the rest of the request, if any, can simply be read and dropped.
        boolean keep = clientKeepAlive && (body.complete() || hasNoBody());
        frontend.reply(JsonReplies.failure(status, message), keep, http10);
        frontend.exchangeDone(this, keep);
    }

    private void abortClient() {
        abort();
        client.close();
    }

    @Override
    public void abort() {
        if (done) {
            return;
        }
        done = true;
        cancelTimer();
        if (backend != null) {
            Channel ch = backend;
            backend = null;
            ((BackendHandler) ch.pipeline().last()).detach();
            ch.close();
        }
        if (connecting) {
            connecting = false;
        }
        finishReplica();
        releaseBuffers();
    }

    private void finishReplica() {
        attempts.finishCurrent();
    }

    private void cancelTimer() {
        loop.deadlines.disarm(this);
    }

    private boolean hasNoBody() {
        return !HttpUtil.isTransferEncodingChunked(request) && HttpUtil.getContentLength(request, 0L) == 0;
    }

    @Override
    public boolean requestComplete() {
        return body.complete();
    }

    private void releaseBuffers() {
        body.release();
    }
}
