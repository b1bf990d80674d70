package io.ringlb.balancer.cluster;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import io.ringlb.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends {@code GET /heartbeat} to replicas, each check on a new connection (as HAProxy's HTTP
 * checks do, so a replica that stopped accepting fails even if old connections still work).
 *
 * <p>Checks run on the proxy's own event loops: a few microseconds of work there, rather than
 * separate threads that wake up and preempt them. (With the JDK's HTTP client on its own
 * threads, p99 at 64 connections was 0.4 ms worse in bench/run.sh.)
 */
public final class HeartbeatClient {

    /**
     * Pause between readiness polls of a starting replica. Each poll is one connection attempt,
     * refused at once while nothing listens, so polling often costs little and a new replica joins
     * the ring within about 10 ms of listening (half of the old 50 ms pause was, on average, part
     * of every start and every healing).
     */
    private static final long READY_POLL_MS = 10;

    private final Bootstrap bootstrap;
    private final Duration timeout;
    private final ScheduledExecutorService scheduler;

    /**
     * @param timeout   how long one heartbeat may take, connection included
     * @param group     the event loops checks run on
     * @param scheduler runs the pauses between readiness polls
     */
    public HeartbeatClient(Duration timeout, EventLoopGroup group, Transport transport, ScheduledExecutorService scheduler) {
        this.timeout = timeout;
        this.scheduler = scheduler;
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.ALLOCATOR, Transport.allocator())
                // TCP_NODELAY: Netty's default, as for the proxy's own connections.
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(1, timeout.toMillis()));
    }

    /**
     * Completes with the replica's answer: 200 or why not, or a local failure when no connection
     * could be opened here (see {@link LocalFailures}). Never fails.
     */
    public CompletableFuture<HeartbeatResult> check(InetSocketAddress address) {
        try {
            return send(address);
        } catch (RuntimeException e) {
            // No channel at all: out of file descriptors, or the loops shutting down.
            return CompletableFuture.completedFuture(HeartbeatResult.localFailure(describe(e)));
        }
    }

    private CompletableFuture<HeartbeatResult> send(InetSocketAddress address) {
        CompletableFuture<HeartbeatResult> result = new CompletableFuture<>();
        ChannelFuture connect = bootstrap.clone().handler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel c) {
                c.pipeline().addLast(new HttpClientCodec(), new Check(result));
            }
        }).connect(address);
        Channel ch = connect.channel();
        if (connect.isDone() && !connect.isSuccess() && withoutEventLoop(ch)) {
            // Netty could not even create the socket (it hands back a stand-in channel): this machine's failure.
            return CompletableFuture.completedFuture(HeartbeatResult.localFailure(describe(connect.cause())));
        }
        ch.eventLoop().schedule(() -> {
            if (result.complete(HeartbeatResult.replicaFailed("no answer within " + timeout.toMillis() + " ms"))) {
                ch.close();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        connect.addListener(f -> {
            if (!f.isSuccess()) {
                result.complete(LocalFailures.isLocal(f.cause()) ? HeartbeatResult.localFailure(describe(f.cause()))
                        : HeartbeatResult.replicaFailed(describe(f.cause())));
                return;
            }
            FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/heartbeat");
            req.headers()
                    .set(HttpHeaderNames.HOST, address.getHostString() + ":" + address.getPort())
                    .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE)
                    .set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
            ch.writeAndFlush(req);
        });
        result.whenComplete((v, e) -> ch.close());
        return result;
    }

    /** Whether {@code ch} never got an event loop: what Netty hands back when it could not create the socket at all. */
    private static boolean withoutEventLoop(Channel ch) {
        try {
            ch.eventLoop();
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    /**
     * Polls every 10 ms until the replica answers 200; fails with the last reason after
     * {@code deadline}, or at once when {@code abort} completes (the replica exited). Local failures
     * count as any other here: a replica that cannot be reached cannot join.
     */
    public CompletableFuture<Void> awaitReady(InetSocketAddress address, Duration deadline, CompletableFuture<?> abort) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        long until = System.nanoTime() + deadline.toNanos();
        abort.whenComplete((v, e) -> ready.completeExceptionally(
                new IOException("exited before answering its first heartbeat")));
        poll(address, until, deadline, ready);
        return ready;
    }

    private void poll(InetSocketAddress address, long until, Duration deadline, CompletableFuture<Void> ready) {
        if (ready.isDone()) {
            return;
        }
        check(address).thenAccept(r -> {
            if (r.ok()) {
                ready.complete(null);
            } else if (System.nanoTime() - until >= 0) {
                ready.completeExceptionally(new TimeoutException("no good heartbeat within "
                        + deadline.toMillis() + " ms (last: " + (r.local() ? "here, " : "") + r.failure() + ")"));
            } else {
                scheduler.schedule(() -> poll(address, until, deadline, ready), READY_POLL_MS, TimeUnit.MILLISECONDS);
            }
        });
    }

    private static String describe(Throwable err) {
        Throwable t = err;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }

    /** Reads the status of one heartbeat's response. */
    private static final class Check extends SimpleChannelInboundHandler<HttpObject> {
        private final CompletableFuture<HeartbeatResult> result;

        Check(CompletableFuture<HeartbeatResult> result) {
            this.result = result;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, HttpObject msg) {
            if (msg instanceof HttpResponse resp) {
                int code = resp.status().code();
                result.complete(resp.decoderResult().isFailure() ? HeartbeatResult.replicaFailed("malformed response")
                        : code == 200 ? HeartbeatResult.OK : HeartbeatResult.replicaFailed("status " + code));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            result.complete(HeartbeatResult.replicaFailed("connection closed before a response"));
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            result.complete(HeartbeatResult.replicaFailed(describe(cause)));
            ctx.close();
        }
    }
}
