package io.ringlb.balancer.proxy;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.socket.SocketChannel;
import io.netty.resolver.NoopAddressResolverGroup;
import io.ringlb.balancer.cluster.Replica;
import io.ringlb.transport.Transport;
import java.time.Duration;

/**
 * Opens replica connections with a bootstrap bound to one event loop. Replica addresses are
 * resolved before they reach the proxy, so no name is ever looked up here (a DNS query would
 * block the loop).
 */
final class BootstrapConnector implements BackendConnector {

    /** Unflushed bytes to a replica at which the client's reads pause, and resume. */
    static final WriteBufferWaterMark BACKEND_WATER_MARK = new WriteBufferWaterMark(128 * 1024, 256 * 1024);

    private final Bootstrap bootstrap;

    BootstrapConnector(EventLoop loop, Transport transport, Duration connectTimeout) {
        this.bootstrap = new Bootstrap()
                .group(loop)
                .channel(transport.socketChannel())
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .option(ChannelOption.ALLOCATOR, Transport.allocator())
                // TCP_NODELAY: Netty's default; setting it again would cost a syscall per connection.
                .option(ChannelOption.SO_KEEPALIVE, true)
                // Room for a 64 KiB body with its head: at Netty's default 64 KiB mark, every such
                // request paused and resumed the client's reads (two epoll_ctl calls) for nothing.
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, BACKEND_WATER_MARK)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) connectTimeout.toMillis())
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new ReplicaConnection());
                    }
                });
    }

    @Override
    public ChannelFuture connect(Replica replica) {
        return bootstrap.connect(replica.address());
    }
}
