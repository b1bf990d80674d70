package io.ringlb.balancer.proxy;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseEncoder;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.ringlb.balancer.admin.AdminApi;
import io.ringlb.balancer.admin.JsonReplies;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client side of the balancer: turns each request into an {@link Exchange} (admin or
 * proxied) and runs them one at a time, queueing pipelined requests until the response before
 * them is done. Reading from the client pauses while a request is queued, while a replica
 * connection opens, or while the replica cannot take more body.
 */
final class FrontendHandler extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(FrontendHandler.class);

    static final int PAUSE_PIPELINE = 1;
    static final int PAUSE_CONNECTING = 2;
    static final int PAUSE_BACKEND_BUSY = 4;

    final ProxyContext proxy;
    ChannelHandlerContext ctx;
    /** The response encoder's context: what is written there goes out as it is. */
    ChannelHandlerContext raw;
    LoopResources loop;
    String clientIp;

    private Exchange current;
    private ArrayDeque<Object> queue;
    private int pauses;
    private boolean dispatching;
    private boolean closing;
    /** Whether the request being answered is a HEAD: replies to it carry no body. */
    private boolean headRequest;

    FrontendHandler(ProxyContext proxy) {
        this.proxy = proxy;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.raw = ctx.pipeline().context(HttpResponseEncoder.class);
        this.loop = proxy.resourcesFor(ctx.channel().eventLoop());
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
            clientIp = a.getAddress().getHostAddress();
        }
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if ((current != null && current.requestComplete()) || (queue != null && !queue.isEmpty())) {
            if (queue == null) {
                queue = new ArrayDeque<>();
            }
            queue.add(msg);
            pause(PAUSE_PIPELINE);
            return;
        }
        dispatch(msg);
    }

    private void dispatch(Object msg) {
        if (msg instanceof HttpRequest req) {
            if (current != null) {
                ReferenceCountUtil.release(msg); // cannot happen with a well-behaved decoder
                return;
            }
            headRequest = req.method() == HttpMethod.HEAD;
            if (req.decoderResult().isFailure()) {
                ReferenceCountUtil.release(msg);
                rejectMalformed(req);
                return;
            }
            if (!answerExpectation(req)) {
                ReferenceCountUtil.release(msg);
                return;
            }
            current = AdminApi.isAdminPath(req.uri()) ? new AdminExchange(this, req) : new ProxyExchange(this, req);
            current.start();
            if (msg instanceof HttpContent c) {
                current.onRequestContent(c);
            }
        } else if (msg instanceof HttpContent c && c.decoderResult().isFailure()) {
            // A broken body (a bad chunk): what came before it must not pass as the whole request.
            c.release();
            Exchange ex = current;
            current = null;
            if (ex != null) {
                ex.abort();
            }
            releaseQueue();
            closing = true;
            reply(JsonReplies.failure(400, "<Error> Bad request body: " + c.decoderResult().cause()), false, false);
        } else if (msg instanceof HttpContent c && current != null && !current.requestComplete()) {
            current.onRequestContent(c);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * {@code Expect: 100-continue}: tells the client to send its body at once, and takes the field
     * off the request, since the replica gets the body anyway. Any other expectation gets a 417.
     * (What Netty's HttpServerExpectContinueHandler does, without a handler in every read's path.)
     *
     * @return false if the request was refused
     */
    private boolean answerExpectation(HttpRequest req) {
        String expect = req.headers().get(HttpHeaderNames.EXPECT);
        if (expect == null || req.protocolVersion().compareTo(HttpVersion.HTTP_1_1) < 0) {
            return true; // HTTP/1.0 has no expectations
        }
        if (!HttpUtil.is100ContinueExpected(req)) {
            closing = true;
            reply(JsonReplies.failure(417, "<Error> Unsupported expectation: " + expect), false, false);
            return false;
        }
        ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE), ctx.voidPromise());
        req.headers().remove(HttpHeaderNames.EXPECT);
        return true;
    }

    private void rejectMalformed(HttpRequest req) {
        closing = true;
        String why = req.decoderResult().cause() == null ? "malformed request" : req.decoderResult().cause().getMessage();
        reply(JsonReplies.failure(400, "<Error> Bad request: " + why), false, false);
    }

    /**
     * Writes a whole response the balancer itself makes, marked for the connection's fate: kept
     * alive (said explicitly to an HTTP/1.0 client) or closed once written.
     */
    void reply(FullHttpResponse response, boolean keepAlive, boolean http10) {
        FullHttpResponse r = response;
        if (headRequest && r.content().isReadable()) {
            r = response.replace(Unpooled.EMPTY_BUFFER); // Content-Length stays: the length a GET would get
            response.release();
        }
        if (!keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        if (http10) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        }
        ctx.writeAndFlush(r, ctx.voidPromise());
    }

    /**
     * The exchange has written its whole response. With {@code keepAlive} the next queued request
     * starts; otherwise the exchange closes the connection once its response is out.
     */
    void exchangeDone(Exchange ex, boolean keepAlive) {
        if (current != ex) {
            return;
        }
        current = null;
        // Whatever the exchange paused for (a replica connection) is over with it.
        resume(PAUSE_CONNECTING | PAUSE_BACKEND_BUSY);
        if (!keepAlive) {
            closing = true;
            releaseQueue();
            return;
        }
        if (dispatching) {
            return; // the loop below is running further up the stack
        }
        dispatching = true;
        try {
            Object next;
            while (!closing && queue != null && (current == null || !current.requestComplete()) && (next = queue.poll()) != null) {
                dispatch(next);
            }
        } finally {
            dispatching = false;
        }
        if (current != null) {
            current.flushToBackend(); // dispatched outside a client read: no read-complete will flush
        }
        if (queue == null || queue.isEmpty()) {
            resume(PAUSE_PIPELINE);
        }
    }

    /**
     * Whether no request is being answered here (none current, none queued): what
     * {@link ClientConnectionLimit} may close to make room for a new connection.
     */
    boolean idle() {
        return current == null && (queue == null || queue.isEmpty());
    }

    void pause(int reason) {
        pauses |= reason;
        ctx.channel().config().setAutoRead(false);
    }

    void resume(int reason) {
        if ((pauses & reason) != 0) {
            pauses &= ~reason;
            if (pauses == 0 && !closing) {
                ctx.channel().config().setAutoRead(true);
            }
        }
    }

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

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (!(evt instanceof IdleStateEvent)) {
            ctx.fireUserEventTriggered(evt);
            return;
        }
        // Nothing read from the client for the idle timeout. Close if it is an idle keep-alive
        // connection, a request whose body stalled, or a response the client stopped reading;
        // a request waiting for its replica is the response timeout's business.
        if (!ctx.channel().isWritable()) {
            ctx.close();
        } else if (current == null || !current.requestComplete()) {
            if (current != null) {
                Exchange ex = current;
                current = null;
                ex.abort();
            }
            closing = true;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE); // after what is queued
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closing = true;
        if (current != null) {
            Exchange ex = current;
            current = null;
            ex.abort();
        }
        releaseQueue();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("client {}: {}", clientIp, cause.toString());
        ctx.close();
    }

    private void releaseQueue() {
        if (queue != null) {
            Object m;
            while ((m = queue.poll()) != null) {
                ReferenceCountUtil.release(m);
            }
        }
    }
}
