package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpRequest;
import io.ringlb.balancer.admin.AdminApi;
import io.ringlb.balancer.admin.JsonReplies;
import io.ringlb.balancer.traffic.RequestTrace;
import io.ringlb.balancer.traffic.TrafficRecorder;
import java.io.ByteArrayOutputStream;

/**
 * An admin request: collects its (small) body, de-chunked by the frontend's framing, asks the
 * {@link AdminApi}, writes the reply.
 */
final class AdminExchange implements Exchange {

    private final FrontendHandler frontend;
    private final HttpRequest request;
    private final boolean http10;
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    /** What is recorded of this request (null: nothing is). */
    private final RequestTrace trace;
    private boolean keepAlive;
    private boolean complete;
    private boolean tooLarge;
    private boolean done;

    /**
     * @param request the head as Netty's object (admin requests are few: clarity over speed)
     * @param contentLength the body's declared length, or -1 if chunked
     * @param trace the request's trace, or null when nothing is recorded
     */
    AdminExchange(FrontendHandler frontend, HttpRequest request, boolean keepAlive, boolean http10, long contentLength,
                  RequestTrace trace) {
        this.frontend = frontend;
        this.trace = trace;
        this.request = request;
        this.keepAlive = keepAlive;
        this.http10 = http10;
        this.complete = contentLength == 0;
        this.tooLarge = contentLength > AdminApi.MAX_BODY;
    }

    @Override
    public void start() {
        if (tooLarge) {
            reply(tooLargeReply()); // at once: the body will not be read
        } else if (complete) {
            ask();
        }
    }

    private static FullHttpResponse tooLargeReply() {
        return JsonReplies.failure(413, "<Error> Admin request body is larger than " + AdminApi.MAX_BODY + " bytes");
    }

    @Override
    public void onRequestBody(ByteBuf piece) {
        try {
            int n = piece.readableBytes();
            frontend.loop.traffic.received(trace, n);
            if (!tooLarge && body.size() + n > AdminApi.MAX_BODY) {
                tooLarge = true;
                reply(tooLargeReply());
            } else if (!tooLarge) {
                piece.getBytes(piece.readerIndex(), body, n);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } finally {
            piece.release();
        }
    }

    @Override
    public void onRequestEnd() {
        complete = true;
        if (!tooLarge) {
            ask();
        }
    }

    private void ask() {
        frontend.proxy.admin.handle(request, frontend.ctx.channel().remoteAddress(), body.toByteArray())
                .whenComplete((r, e) -> frontend.ctx.executor().execute(() -> reply(
                        e == null ? r : JsonReplies.failure(500, "<Error> Internal error: " + e))));
    }

    @Override
    public void onRequestBroken(int status, String message) {
        keepAlive = false;
        reply(JsonReplies.failure(status, message));
    }

    private void reply(FullHttpResponse r) {
        if (done) {
            r.release();
            return;
        }
        done = true;
        TrafficRecorder traffic = frontend.loop.traffic;
        traffic.responseHead(trace, r.status().code());
        traffic.sent(trace, r.content().readableBytes());
        traffic.end(trace, true);
        boolean keep = keepAlive && !tooLarge && complete;
        frontend.reply(r, keep, http10);
        frontend.exchangeDone(this, keep);
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
    public void drain() {
        keepAlive = false;
    }

    @Override
    public void abort() {
        if (!done) {
            done = true;
            frontend.loop.traffic.end(trace, false);
        }
    }
}
