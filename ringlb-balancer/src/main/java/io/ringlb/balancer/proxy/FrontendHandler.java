package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.ringlb.balancer.admin.AdminApi;
import io.ringlb.balancer.admin.JsonReplies;
import io.ringlb.balancer.traffic.LocalReply;
import io.ringlb.balancer.traffic.MethodClass;
import io.ringlb.balancer.traffic.RequestTrace;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the balancer: reads requests from the connection's bytes, judges each head
 * ({@link RequestHead}), and runs one {@link Exchange} (admin or proxied) at a time. The
 * connection is in one {@link State}:
 * <pre>
 *   HEAD ──head read──► BODY ──body read──► WAITING ──exchange done, kept alive──► HEAD
 *     │                   (no body: straight to WAITING)   └──101──► TUNNEL
 *     └──refused / timed out / not kept alive──► CLOSED
 * </pre>
 * A request that comes while the one before it is still answered (pipelining) waits, unread, in
 * the connection's buffer, and reading pauses until it can start. Reading also pauses while a
 * replica connection opens and while the replica cannot take more body.
 *
 * <p>Time limits: the whole head must arrive within the request-header timeout however slowly it
 * trickles (408), counted from the connection's start for its first request and from a later
 * request's first byte; an idle keep-alive connection closes after the client idle timeout.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

    static final int PAUSE_PIPELINE = 1;
    static final int PAUSE_CONNECTING = 2;
    static final int PAUSE_BACKEND_BUSY = 4;

    /** Where the connection stands. */
    enum State {
        /** Waiting for, or reading, a request head. */
        HEAD,
        /** Reading the current request's body. */
        BODY,
        /** The current request is complete and its response is not: later bytes wait. */
        WAITING,
        /** After a 101: bytes pass to the replica untouched. */
        TUNNEL,
        /** Closing: nothing more is read. */
        CLOSED
    }

    final ProxyContext proxy;
    ChannelHandlerContext ctx;
    LoopResources loop;
    String clientIp;
    byte[] clientIpBytes;
    /** The trace of the connection's current (or last) request, reused for the next one. */
    private RequestTrace trace;

    /** The loop's parser: a head is parsed and used in one call, so connections can share it. */
    private RequestHead head;
    private final BodyFraming body = new BodyFraming();
    private final HeadTimer headTimer = new HeadTimer();
    private final IdleTimer idleTimer = new IdleTimer();
    private State state = State.HEAD;
    private Exchange current;
    /** Bytes read but not yet used: a head still arriving, or requests waiting their turn. */
    private ByteBuf pending;
    /** How far past its start the head being read was searched for its end, in vain. */
    private int scanned;
    private int pauses;
    private boolean processing;
    private boolean draining;
    /** Whether the connection is set to close once its writes are out ({@link #closeAfterWrites}). */
    private boolean closing;
    /** Whether the request being answered is a HEAD: replies to it carry no body. */
    private boolean headRequest;

    /** The neighbours in the loop's {@link ClientList}. */
    FrontendHandler listPrev;
    FrontendHandler listNext;
    /** Its place under the connection limit, or null when there is none. */
    private final ClientSlot slot;

    FrontendHandler(ProxyContext proxy, ClientSlot slot) {
        this.proxy = proxy;
        this.slot = slot;
        if (slot != null) {
            slot.frontend = this;
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.loop = proxy.resourcesFor(ctx.channel().eventLoop());
        this.head = loop.requestHead;
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
            clientIp = a.getAddress().getHostAddress();
            clientIpBytes = clientIp.getBytes(StandardCharsets.US_ASCII);
        }
        loop.headDeadlines.arm(headTimer); // the first request's head, from the connection's start
        loop.idleDeadlines.arm(idleTimer);
        loop.clients.add(this);
        loop.traffic.clientConnected();
        ctx.fireChannelActive();
    }

    // ------------------------------------------------------------------ reading

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in) || state == State.CLOSED) {
            ReferenceCountUtil.release(msg);
            return;
        }
        loop.traffic.clientRead(in.readableBytes());
        loop.idleDeadlines.arm(idleTimer);
        if (slot != null) {
            slot.touched();
        }
        if (state == State.TUNNEL) {
            ((ProxyExchange) current).tunnelFromClient(in);
            return;
        }
        ByteBuf buf = pending == null ? in : append(pending, in);
        pending = null;
        process(buf);
    }

    /** Works through {@code buf} (taken over) as far as the connection's state allows; keeps the rest. */
    private void process(ByteBuf buf) {
        processing = true;
        try {
            boolean more = true;
            while (more && buf.isReadable()) {
                more = switch (state) {
                    case HEAD -> readHead(buf);
                    case BODY -> readBody(buf);
                    default -> false;
                };
            }
        } finally {
            processing = false;
            keepRest(buf);
        }
    }

    /**
     * Reads a request head at the reader index if it is all there, and starts its exchange.
     *
     * @return whether to go on with the buffer
     */
    private boolean readHead(ByteBuf buf) {
        if (current != null) {
            return false; // the response before it is not finished (state WAITING is set later)
        }
        if (!DeadlineList.armed(headTimer)) {
            loop.headDeadlines.arm(headTimer); // a later request's head, from its first byte
        }
        while (buf.isReadable() && (buf.getByte(buf.readerIndex()) == '\r' || buf.getByte(buf.readerIndex()) == '\n')) {
            buf.skipBytes(1); // empty lines between requests (RFC 9112 §2.2), on the head's clock
        }
        if (!buf.isReadable()) {
            return false;
        }
        int from = buf.readerIndex();
        if (!HeadBuffer.endFrom(buf, from + scanned) && !pastLimits(buf, from)) {
            scanned = Math.max(0, buf.readableBytes() - 2); // a CR LF may end the next read's empty line
            return false;
        }
        int end = head.parse(buf, from, buf.writerIndex());
        if (end == RequestHead.INCOMPLETE) {
            scanned = Math.max(0, buf.readableBytes() - 2);
            return false;
        }
        scanned = 0;
        if (end == RequestHead.REFUSED) {
            refuse(head.refusal(), "<Error> Bad request: " + head.error(), head.method());
            return false;
        }
        loop.headDeadlines.disarm(headTimer);
        return startExchange(buf, end);
    }

    /** Whether the head so far is too long to be anything but refused (so parse it now, to say why). */
    private boolean pastLimits(ByteBuf buf, int from) {
        RequestLimits limits = proxy.settings.limits();
        int n = buf.readableBytes();
        return n > limits.maxRequestLine() + limits.maxHeaderSize() + 4
                || (n > limits.maxRequestLine() + 2 && buf.indexOf(from, from + limits.maxRequestLine() + 2, (byte) '\n') < 0);
    }

    private boolean startExchange(ByteBuf buf, int end) {
        long length = head.contentLength();
        if (proxy.settings.limits().bodyTooLarge(length)) {
            refuse(413, "<Error> Request body of " + length + " bytes is larger than the limit of "
                    + proxy.settings.limits().maxRequestBody() + " bytes", head.method());
            return false;
        }
        String target = head.target(buf);
        boolean admin = AdminApi.isAdminPath(target);
        headRequest = head.method() == HttpMethodKind.HEAD;
        body.beginRequest(length, head.chunked(), admin);
        if (head.expectsContinue() && !body.done()) {
            write(ReplyBytes.CONTINUE.duplicate());
            ctx.flush();
        }
        RequestTrace t = beginTrace(admin ? RequestTrace.Kind.ADMIN : RequestTrace.Kind.PROXIED, head.method().metricsClass());
        if (t != null && loop.traffic.logging()) {
            loop.traffic.describe(t, head.methodName(buf), target, head.http10() ? "HTTP/1.0" : "HTTP/1.1",
                    head.header(buf, "x-request-id"), head.header(buf, "user-agent"), head.header(buf, "referer"));
        }
        current = admin
                ? new AdminExchange(this, adminRequest(buf, target), head.clientKeepsAlive(), head.http10(), length, t)
                : new ProxyExchange(this, head, buf, target, proxy.routing.table(), t);
        buf.readerIndex(end);
        state = body.done() ? State.WAITING : State.BODY;
        if (draining) {
            current.drain();
        }
        current.start();
        return true;
    }

    /** The head as Netty's request object, for the admin API. */
    private HttpRequest adminRequest(ByteBuf buf, String target) {
        HttpHeaders headers = new DefaultHttpHeaders();
        for (String[] f : head.allFields(buf)) {
            headers.add(f[0], f[1]);
        }
        return new DefaultHttpRequest(head.http10() ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1,
                HttpMethod.valueOf(head.methodName(buf)), target, headers);
    }

    /** Passes the current request's body on; false when it needs more bytes or cannot go on. */
    private boolean readBody(ByteBuf buf) {
        Exchange ex = current;
        ByteBuf piece = body.next(buf);
        if (piece != null) {
            if (proxy.settings.limits().bodyTooLarge(body.dataBytes())) {
                piece.release();
                brokenRequest(413, "<Error> Request body is larger than the limit of "
                        + proxy.settings.limits().maxRequestBody() + " bytes");
                return false;
            }
            ex.onRequestBody(piece);
        } else if (body.error() != null) {
            brokenRequest(400, "<Error> Bad request body: " + body.error());
            return false;
        }
        if (body.done()) {
            state = State.WAITING;
            ex.onRequestEnd();
            return true;
        }
        return piece != null;
    }

    /** The body can't be passed on whole: the exchange answers (or cuts the client off), and the connection closes. */
    private void brokenRequest(int status, String message) {
        Exchange ex = current;
        state = State.CLOSED;
        draining = true;
        ex.onRequestBroken(status, message);
    }

    /**
     * Keeps what is left of {@code buf} for later, or lets it go. A head still arriving is copied
     * out of the read buffer, which goes back to its pool: thousands of slow clients then hold a
     * few bytes each, not a read buffer each.
     */
    private void keepRest(ByteBuf buf) {
        if (state == State.CLOSED || !buf.isReadable()) {
            buf.release();
            return;
        }
        if (state == State.WAITING) {
            pause(PAUSE_PIPELINE); // the next request waits for this one's response
            pending = buf;
        } else {
            pending = ownCopy(buf, 0);
        }
    }

    /** {@code kept} and then {@code in}, in one buffer (the kept bytes are a head or a request waiting: few). */
    private ByteBuf append(ByteBuf kept, ByteBuf in) {
        ByteBuf both = ownCopy(kept, in.readableBytes());
        both.writeBytes(in);
        in.release();
        return both;
    }

    /** {@code buf}'s readable bytes in a heap buffer of this handler's own, with room for {@code more}; takes over {@code buf}. */
    private ByteBuf ownCopy(ByteBuf buf, int more) {
        if (buf.hasArray() && buf.readerIndex() == 0 && buf.writableBytes() >= more && buf.refCnt() == 1) {
            return buf; // already one
        }
        ByteBuf copy = ctx.alloc().heapBuffer(Math.max(256, 2 * (buf.readableBytes() + more)));
        copy.writeBytes(buf);
        buf.release();
        return copy;
    }

    // ------------------------------------------------------------------ exchanges

    /**
     * Writes a whole response the balancer itself makes, marked for the connection's fate: kept
     * alive (said explicitly to an HTTP/1.0 client) or closed once written.
     */
    void reply(FullHttpResponse r, boolean keepAlive, boolean http10) {
        boolean close = !keepAlive || draining;
        if (close) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        } else if (http10) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ByteBuf out = ReplyBytes.encode(r, ctx.alloc(), headRequest); // a HEAD's reply: Content-Length, no body
        loop.traffic.clientWrote(out.readableBytes());
        ctx.write(out, ctx.voidPromise());
        if (close) {
            closeAfterWrites();
        } else {
            ctx.flush();
        }
    }

    /** Writes bytes to the client as they are (flushed later), counting them. */
    void write(ByteBuf out) {
        loop.traffic.clientWrote(out.readableBytes());
        ctx.write(out, ctx.voidPromise());
    }

    /** Refuses what the client sent: a failure JSON, then the connection closes; nothing reaches a replica. */
    private void refuse(int status, String message, HttpMethodKind method) {
        state = State.CLOSED;
        headRequest = method == HttpMethodKind.HEAD; // a refused HEAD gets no body either (RFC 9110 §9.3.2)
        loop.headDeadlines.disarm(headTimer);
        if (log.isDebugEnabled()) {
            log.debug("client {}: refused with {}: {}", clientIp, status, message);
        }
        FullHttpResponse r = JsonReplies.failure(status, message);
        // What was refused may not even have a request line: it is logged without method or target.
        RequestTrace t = beginTrace(RequestTrace.Kind.REFUSED, MethodClass.OTHER);
        loop.traffic.describe(t, null, null, null, null, null, null);
        loop.traffic.local(t, status, LocalReply.REFUSED, message);
        loop.traffic.sent(t, r.content().readableBytes());
        loop.traffic.end(t, true);
        reply(r, false, false);
    }

    /** Starts recording a request (null: nothing is recorded); the connection's trace is reused. */
    private RequestTrace beginTrace(RequestTrace.Kind kind, MethodClass method) {
        RequestTrace t = loop.traffic.begin(trace, kind, method, clientIp);
        if (t != null) {
            trace = t;
        }
        return t;
    }

    /**
     * The exchange has written its whole response. With {@code keepAlive} the next request may
     * start; otherwise the exchange closes the connection once its response is out.
     */
    void exchangeDone(Exchange ex, boolean keepAlive) {
        if (current != ex) {
            return;
        }
        current = null;
        resume(PAUSE_CONNECTING | PAUSE_BACKEND_BUSY); // whatever the exchange paused for is over with it
        if (!keepAlive || draining || state != State.WAITING) {
            closeAfterWrites();
            return;
        }
        state = State.HEAD;
        if (processing) {
            return; // process() goes on with the bytes after this request
        }
        ByteBuf p = pending;
        pending = null;
        if (p != null) {
            process(p);
        }
        if (current != null) {
            current.flushToBackend(); // started outside a client read: no read-complete will flush
        }
        if (state == State.HEAD || state == State.BODY) {
            resume(PAUSE_PIPELINE);
        }
    }

    /**
     * Whether the connection waits for a request and answers none (no exchange, no tunnel; a head
     * may be half read): what {@link ClientConnectionLimit} may close to make room for a new one.
     */
    boolean awaitingRequest() {
        return state == State.HEAD && current == null;
    }

    /**
     * Reads nothing more; the connection closes once what was written has gone out: at once if
     * the flush wrote it all (the usual case), else when the last write completes. Harmless twice.
     */
    void closeAfterWrites() {
        state = State.CLOSED;
        Channel ch = ctx.channel();
        if (!closing && ch.isOpen()) {
            closing = true;
            ctx.flush();
            // This handler is the pipeline's only one, so the channel's buffer holds all that is unsent.
            ChannelOutboundBuffer unsent = ch.unsafe().outboundBuffer();
            if (unsent == null || unsent.isEmpty()) {
                ctx.close(); // nothing left to send: no empty write, promise or listener to wait on
            } else {
                ch.config().setAutoRead(false);
                ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }
        releasePending();
    }

    /** The replica switched protocols: from now on the client's bytes go to it untouched. */
    void startTunnel() {
        state = State.TUNNEL;
        // Idle now means neither side sent anything (see active()): a tunnel may be quiet one way for long.
        ByteBuf p = pending;
        pending = null;
        if (p != null) {
            ((ProxyExchange) current).tunnelFromClient(p);
        }
        resume(PAUSE_PIPELINE);
    }

    void pause(int reason) {
        pauses |= reason;
        ctx.channel().config().setAutoRead(false);
    }

    void resume(int reason) {
        if ((pauses & reason) != 0) {
            pauses &= ~reason;
            if (pauses == 0 && state != State.CLOSED) {
                ctx.channel().config().setAutoRead(true);
            }
        }
    }

    // ------------------------------------------------------------------ events

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (current != null) {
            current.flushToBackend();
        }
        ctx.fireChannelReadComplete();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (current != null) {
            current.clientWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    /** Something moved on the connection (a read; either way in a tunnel): the idle clock starts again. */
    void active() {
        if (state != State.CLOSED) {
            loop.idleDeadlines.arm(idleTimer);
        }
    }

    /**
     * Nothing read from the client (nothing either way in a tunnel) for the idle timeout. Close
     * if it is an idle keep-alive connection, a request whose body stalled, a response the client
     * stopped reading, or a quiet tunnel; a request waiting for its replica is the response
     * timeout's business, and the clock starts again.
     */
    private void idle() {
        if (state == State.CLOSED) {
            if (closing && ctx.channel().isOpen()) {
                ctx.close(); // its last response still not out: the client stopped reading it
            }
            return;
        }
        if (!ctx.channel().isWritable() || state == State.TUNNEL) {
            ctx.close();
        } else if (state != State.WAITING) {
            abortCurrent();
            closeAfterWrites();
        } else {
            loop.idleDeadlines.arm(idleTimer);
        }
    }

    /** The balancer is shutting down: idle connections close now, busy ones after their response. On the loop. */
    void drain() {
        draining = true;
        if (current != null) {
            current.drain();
        } else if (state == State.HEAD && (pending == null || !pending.isReadable())) {
            closeAfterWrites();
        }
    }

    /** The request head did not arrive in time. */
    private void headTimedOut() {
        if (state != State.HEAD || current != null) {
            return;
        }
        if (pending != null && pending.isReadable()) {
            refuse(408, "<Error> The request head did not arrive within "
                    + proxy.settings.requestHeaderTimeout().toMillis() + " ms", null);
        } else {
            closeAfterWrites(); // nothing was sent at all: no answer, as nginx and HAProxy do
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.CLOSED;
        loop.headDeadlines.disarm(headTimer);
        loop.idleDeadlines.disarm(idleTimer);
        abortCurrent();
        releasePending();
        loop.clients.remove(this);
        if (slot != null) {
            slot.released();
        }
        loop.traffic.clientDisconnected();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client {}: {}", clientIp, cause.toString());
        ctx.close();
    }

    private void abortCurrent() {
        Exchange ex = current;
        if (ex != null) {
            current = null;
            ex.abort();
        }
    }

    private void releasePending() {
        if (pending != null) {
            pending.release();
            pending = null;
        }
    }

    /** This connection's request-header deadline. */
    private final class HeadTimer extends DeadlineList.Node {
        @Override
        void expired() {
            headTimedOut();
        }
    }

    /** This connection's idle deadline. */
    private final class IdleTimer extends DeadlineList.Node {
        @Override
        void expired() {
            idle();
        }
    }
}
