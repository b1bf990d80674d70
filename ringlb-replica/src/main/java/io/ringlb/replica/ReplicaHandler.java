package io.ringlb.replica;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.DefaultFullHttpResponse;

/**
 * Answers one request at a time on a connection. The response is written once the request's body
 * has been read (and discarded), so a keep-alive connection is always ready for the next request.
 */
final class ReplicaHandler extends SimpleChannelInboundHandler<HttpObject> {

    private final ReplicaResponses responses;
    private FullHttpResponse pending;
    private boolean keepAlive;
    private boolean http10;

    ReplicaHandler(ReplicaResponses responses) {
        this.responses = responses;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
        if (msg instanceof HttpRequest req) {
            if (req.decoderResult().isFailure()) {
                FullHttpResponse bad = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.BAD_REQUEST);
                bad.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
                ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            keepAlive = HttpUtil.isKeepAlive(req);
            http10 = req.protocolVersion().equals(HttpVersion.HTTP_1_0);
            pending = respond(req);
        }
        if (msg instanceof LastHttpContent && pending != null) {
            FullHttpResponse r = pending;
            pending = null;
            if (keepAlive) {
                if (http10) {
                    r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
                }
                ctx.writeAndFlush(r, ctx.voidPromise());
            } else {
                r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
                ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
            }
        }
    }

    private FullHttpResponse respond(HttpRequest req) {
        String uri = req.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (req.method() == HttpMethod.GET) {
            if (path.equals("/home")) {
                return responses.home();
            }
            if (path.equals("/heartbeat")) {
                return responses.heartbeat();
            }
        }
        return responses.notFound(path);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (pending != null) {
            pending.release();
            pending = null;
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
