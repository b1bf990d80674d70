package io.ringlb.balancer.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpRequestEncoder;
import io.ringlb.transport.Transport;
import java.nio.charset.StandardCharsets;

/**
 * What each event loop keeps for itself: its pool of replica connections, a bootstrap that opens
 * new ones on the same loop (so a request never crosses threads), its replica picker and its
 * response deadlines.
 */
final class LoopResources {

    /** Idle connections kept per replica per event loop. */
    static final int MAX_IDLE_PER_REPLICA = 1024;

    /** Unflushed bytes to a replica at which the client's reads pause, and resume. */
    static final WriteBufferWaterMark BACKEND_WATER_MARK = new WriteBufferWaterMark(128 * 1024, 256 * 1024);

    final EventLoop loop;
    final BackendPool pool = new BackendPool(MAX_IDLE_PER_REPLICA);
    final ReplicaPicker picker;
    final ResponseDeadlines deadlines;
    final Bootstrap bootstrap;
    private long lastRingVersion = -1;
    private byte[] lastRingVersionLine;

    LoopResources(EventLoop loop, Transport transport, ProxySettings settings) {
        this.loop = loop;
        this.picker = new ReplicaPicker(settings.balanceFactor());
        this.deadlines = new ResponseDeadlines(loop, settings.responseTimeout());
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .option(ChannelOption.ALLOCATOR, Transport.allocator())
                // TCP_NODELAY: Netty's default; setting it again would cost a syscall per connection.
                .option(ChannelOption.SO_KEEPALIVE, true)
                // Room for a 64 KiB body with its head: at Netty's default 64 KiB mark, every such
                // request paused and resumed the client's reads (two epoll_ctl calls) for nothing.
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, BACKEND_WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeout().toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpRequestEncoder(), new BackendHandler());
                    }
                });
    }

    /**
     * The field line {@code x-ring-version: V} with its CRLF, made once per version and event
     * loop (the ring changes rarely, responses are many). Not to be modified.
     */
    byte[] ringVersionLine(long version) {
        if (version != lastRingVersion) {
            lastRingVersionLine = ("x-ring-version: " + version + "\r\n").getBytes(StandardCharsets.US_ASCII);
            lastRingVersion = version;
        }
        return lastRingVersionLine;
    }
}
