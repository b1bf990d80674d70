package io.ringlb.balancer.adminport;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.ringlb.balancer.admin.JsonReplies;
import io.ringlb.balancer.cluster.AdminException;
import io.ringlb.balancer.metrics.BalancerMetrics;
import io.ringlb.balancer.traffic.MethodClass;
import io.ringlb.balancer.traffic.RequestTrace;
import io.ringlb.balancer.traffic.TrafficRecorder;
import java.net.InetSocketAddress;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin listener's requests, whole (aggregated): the dashboard and its files, {@code /metrics},
 * {@code /ring}, {@code /stats}, the dashboard's feed, and {@code /rep}, {@code /add}, {@code /rm},
 * which go to the same {@link io.ringlb.balancer.admin.AdminApi#handle} as on the traffic port (so
 * the same rules apply to them). Runs on the admin listener's own thread, never on a proxy loop.
 */
final class AdminHttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(AdminHttpHandler.class);

    /** The page may load only what the admin listener serves, and talk only to it. */
    private static final String CONTENT_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final AdminRoutes routes;
    private String clientIp;
    /** Requests that came while an admin operation was being answered: answered in order after it. */
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();
    private boolean busy;

    AdminHttpHandler(AdminRoutes routes) {
        this.routes = routes;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (ctx.channel().remoteAddress() instanceof InetSocketAddress a && a.getAddress() != null) {
            clientIp = a.getAddress().getHostAddress();
        }
        ctx.fireChannelActive();
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (busy) {
            waiting.add(req.retain()); // pipelined behind an admin operation: responses keep the requests' order
            return;
        }
        serve(ctx, req);
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        boolean head = req.method().equals(HttpMethod.HEAD);
        if (req.decoderResult().isFailure()) {
            write(ctx, JsonReplies.failure(400, "<Error> Bad request: " + req.decoderResult().cause()), false, head);
            return;
        }
        String uri = req.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        if (path.equals("/rep") || path.equals("/add") || path.equals("/rm")) {
            admin(ctx, req, path, keepAlive, head);
            return;
        }
        FullHttpResponse r;
        try {
            r = local(req, path);
        } catch (AdminException e) {
            r = JsonReplies.failure(e.status(), e.getMessage());
        } catch (RuntimeException e) {
            log.warn("admin listener: {} {} failed", req.method(), path, e);
            r = JsonReplies.failure(500, "<Error> Internal error: " + e);
        }
        write(ctx, r, keepAlive, head);
    }

    /** The endpoints answered here, at once. */
    private FullHttpResponse local(FullHttpRequest req, String path) {
        StaticAssets.Asset asset = routes.assets().get(path);
        if (asset == null && !path.equals("/metrics") && !path.equals("/ring") && !path.equals("/stats")
                && !path.equals("/dashboard/state")) {
            return JsonReplies.failure(404, "<Error> No such admin endpoint: '" + path + "'. The admin listener serves / (dashboard), "
                    + "/metrics, /ring, /stats, /rep, /add and /rm");
        }
        if (!req.method().equals(HttpMethod.GET) && !req.method().equals(HttpMethod.HEAD)) {
            FullHttpResponse r = JsonReplies.failure(405, "<Error> Method " + req.method() + " is not allowed on " + path + " (use GET)");
            r.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
            return r;
        }
        if (asset != null) {
            FullHttpResponse r = bytes(asset.contentType(), asset.body());
            r.headers().set("Content-Security-Policy", CONTENT_POLICY);
            return r;
        }
        return switch (path) {
            case "/metrics" -> {
                BalancerMetrics.Scrape s = routes.metrics().scrape(req.headers().get(HttpHeaderNames.ACCEPT));
                yield bytes(s.contentType(), s.body());
            }
            case "/ring" -> routes.ring().handle(req.uri());
            case "/stats" -> routes.stats().handle();
            default -> routes.dashboard().handle();
        };
    }

    /** {@code /rep}, {@code /add}, {@code /rm}: the admin API's own entry; changes are access-logged. */
    private void admin(ChannelHandlerContext ctx, FullHttpRequest req, String path, boolean keepAlive, boolean head) {
        boolean logged = !path.equals("/rep");
        TrafficRecorder rec = routes.recorder();
        RequestTrace t = logged ? rec.begin(null, RequestTrace.Kind.ADMIN, MethodClass.of(req.method()), clientIp) : null;
        if (t != null) {
            rec.describe(t, req.method().name(), req.uri(), req.protocolVersion().text(), null,
                    req.headers().get(HttpHeaderNames.USER_AGENT), req.headers().get(HttpHeaderNames.REFERER));
            rec.received(t, req.content().readableBytes());
        }
        byte[] body = new byte[req.content().readableBytes()];
        req.content().getBytes(req.content().readerIndex(), body);
        busy = true;
        CompletableFuture<FullHttpResponse> reply = routes.admin().handle(req, ctx.channel().remoteAddress(), body);
        reply.whenComplete((r, e) -> ctx.executor().execute(() -> {
            FullHttpResponse out = e == null ? r : JsonReplies.failure(500, "<Error> Internal error: " + e);
            if (t != null) {
                rec.responseHead(t, out.status().code());
                rec.sent(t, out.content().readableBytes());
                rec.end(t, true);
            }
            write(ctx, out, keepAlive, head);
            busy = false;
            FullHttpRequest next;
            while (!busy && (next = waiting.poll()) != null) {
                try {
                    serve(ctx, next);
                } finally {
                    next.release();
                }
            }
        }));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        FullHttpRequest r;
        while ((r = waiting.poll()) != null) {
            r.release();
        }
        ctx.fireChannelInactive();
    }

    private static FullHttpResponse bytes(String type, byte[] body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, Unpooled.wrappedBuffer(body));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type).setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        return r;
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive, boolean head) {
        FullHttpResponse out = r;
        if (head) {
            out = r.replace(Unpooled.EMPTY_BUFFER); // Content-Length stays: what a GET would get
            r.release();
        }
        out.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("X-Content-Type-Options", "nosniff");
        if (!keepAlive) {
            out.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(out).addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.writeAndFlush(out, ctx.voidPromise());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("admin listener client {}: {}", clientIp, cause.toString());
        ctx.close();
    }
}
