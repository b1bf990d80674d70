package io.ringlb.analysis.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One slot of a run's concurrency: a keep-alive HTTP/1.1 connection that sends one request,
 * waits for its response (or its timeout), then takes the next ticket, reconnecting when the
 * connection is lost. Every ticket it takes ends in exactly one recorder outcome.
 *
 * <p>All its state is confined to one event loop: the bootstrap connects on that loop, and the
 * channel handler calls back on it. Events from a channel it has abandoned (after a timeout) are
 * ignored.
 */
final class LoadConnection {

    private final LoadRun run;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final InetSocketAddress target;
    private final String host;
    private final long timeoutNanos;

    private Channel channel;
    private boolean awaiting;
    private long writtenAt;
    private ScheduledFuture<?> timeout;

    LoadConnection(LoadRun run, EventLoop loop, Bootstrap bootstrap, InetSocketAddress target) {
        this.run = run;
        this.loop = loop;
        this.bootstrap = bootstrap.clone(loop).handler(new LoadChannelInitializer(this));
        this.target = target;
        this.host = target.getHostString() + ":" + target.getPort();
        this.timeoutNanos = run.plan().timeout().toNanos();
    }

    /** Starts taking tickets. */
    void begin() {
        loop.execute(this::next);
    }

    private void next() {
        long ticket = run.nextTicket();
        if (ticket < 0) {
            if (channel != null) {
                channel.close();
                channel = null;
            }
            run.connectionDone();
            return;
        }
        long delay = run.delayNanos(ticket);
        if (delay > 0) {
            loop.schedule(this::send, delay, TimeUnit.NANOSECONDS);
        } else {
            send();
        }
    }

    private void send() {
        if (channel != null && channel.isActive()) {
            write(channel);
            return;
        }
        bootstrap.connect(target).addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                channel = f.channel();
                write(channel);
            } else {
                run.recorder().failed(ErrorKind.CONNECT, System.nanoTime());
                next();
            }
        });
    }

    private void write(Channel ch) {
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, run.plan().path(),
                Unpooled.EMPTY_BUFFER);
        req.headers().set(HttpHeaderNames.HOST, host);
        awaiting = true;
        writtenAt = System.nanoTime();
        timeout = loop.schedule(() -> timedOut(ch), timeoutNanos, TimeUnit.NANOSECONDS);
        ch.writeAndFlush(req).addListener(f -> {
            if (!f.isSuccess()) {
                lost(ch);
            }
        });
    }

    /** The handler's callback: a complete response on {@code ch}. */
    void response(Channel ch, FullHttpResponse res) {
        if (ch != channel || !awaiting) {
            return;
        }
        long now = System.nanoTime();
        settle();
        int status = res.status().code();
        if (status < 200 || status > 299) {
            run.recorder().rejected(ErrorKind.HTTP_STATUS, status, now - writtenAt, now);
        } else {
            ByteBuf body = res.content();
            byte[] bytes = new byte[body.readableBytes()];
            body.getBytes(body.readerIndex(), bytes);
            String replica = HomeMessage.replicaName(bytes, 0, bytes.length);
            if (replica == null) {
                run.recorder().rejected(ErrorKind.BAD_BODY, status, now - writtenAt, now);
            } else {
                run.recorder().answered(replica, status, now - writtenAt, now);
            }
        }
        if (!HttpUtil.isKeepAlive(res)) {
            ch.close();
            channel = null;
        }
        next();
    }

    /** The handler's callback: {@code ch} closed or failed. */
    void lost(Channel ch) {
        if (ch != channel) {
            return;
        }
        channel = null;
        ch.close();
        if (awaiting) {
            settle();
            run.recorder().failed(ErrorKind.CLOSED, System.nanoTime());
            next();
        }
    }

    private void timedOut(Channel ch) {
        if (ch != channel || !awaiting) {
            return;
        }
        awaiting = false;
        channel = null;
        ch.close();
        run.recorder().failed(ErrorKind.TIMEOUT, System.nanoTime());
        next();
    }

    private void settle() {
        awaiting = false;
        if (timeout != null) {
            timeout.cancel(false);
            timeout = null;
        }
    }
}
