package io.ringlb.balancer.proxy;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.ringlb.balancer.admin.AdminApi;
import io.ringlb.balancer.admin.JsonReplies;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** An admin request: collects its (small) body, asks the {@link AdminApi}, writes the reply. */
final class AdminExchange implements Exchange {

    private final FrontendHandler frontend;
    private final HttpRequest request;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private boolean keepAlive;
    private boolean complete;
    private boolean tooLarge;
    private boolean done;

    AdminExchange(FrontendHandler frontend, HttpRequest request) {
        this.frontend = frontend;
        this.request = request;
    }

    @Override
    public void start() {
        keepAlive = HttpUtil.isKeepAlive(request);
        if (HttpUtil.getContentLength(request, -1L) > AdminApi.MAX_BODY) {
            tooLarge = true;
            reply(tooLargeReply()); // at once: the body will not be read
        }
    }

    private static FullHttpResponse tooLargeReply() {
        return JsonReplies.failure(413, "<Error> Admin request body is larger than " + AdminApi.MAX_BODY + " bytes");
    }

    @Override
    public void onRequestContent(HttpContent c) {
        try {
            if (!tooLarge) {
                int n = c.content().readableBytes();
                if (body.size() + n > AdminApi.MAX_BODY) {
                    tooLarge = true;
                } else {
                    c.content().readBytes(body, n);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            c.release();
        }
        if (c instanceof LastHttpContent) {
            complete = true;
            if (tooLarge) {
                reply(tooLargeReply());
            } else {
                frontend.proxy.admin.handle(request, frontend.ctx.channel().remoteAddress(), body.toByteArray())
                        .whenComplete((r, e) -> frontend.ctx.executor().execute(() -> reply(
                                e == null ? r : JsonReplies.failure(500, "<Error> Internal error: " + e))));
            }
        }
    }

    private void reply(FullHttpResponse r) {
        if (done) {
            r.release();
            return;
        }
        done = true;
        boolean keep = keepAlive && !tooLarge;
        frontend.reply(r, keep, request.protocolVersion().equals(HttpVersion.HTTP_1_0));
        frontend.exchangeDone(this, keep);
    }

    @Override
    public boolean requestComplete() {
        return complete;
    }

    @Override
    public void flushToBackend() {
        // Nothing goes to a replica.
    }

    @Override
    public void clientWritabilityChanged(boolean writable) {
        // Replies are small and written whole.
    }

    @Override
    public void abort() {
        done = true;
    }
}
