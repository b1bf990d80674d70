package io.ringlb.balancer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.ringlb.transport.Transport;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;

/**
 * The balancer's listening sockets. Where the transport can share a port (SO_REUSEPORT on epoll
 * and io_uring), each event loop gets its own socket on the port and keeps the connections it
 * accepts: the kernel spreads new connections over the sockets, and no connection crosses
 * threads. One shared socket would accept on one loop and hand every other connection to another
 * loop, a cross-thread wake-up per connection (measured in README, Performance). Otherwise there
 * is one socket for the whole group.
 */
final class Listeners {

    private final List<Channel> channels;

    private Listeners(List<Channel> channels) {
        this.channels = channels;
    }

    /**
     * Binds {@code template} (everything but its groups) on {@code host:port} (port 0: any free
     * one). Fails with a {@link BindException} if the port is taken, also by another process that
     * shares ports: sharing must not let a second balancer on the same port split the traffic.
     */
    static Listeners bind(ServerBootstrap template, EventLoopGroup group, Transport transport, String host, int port)
            throws InterruptedException, IOException {
        List<EventLoop> loops = new ArrayList<>();
        for (EventExecutor e : group) {
            loops.add((EventLoop) e);
        }
        List<Channel> bound = new ArrayList<>();
        try {
            if (!transport.sharesPorts() || loops.size() == 1) {
                bound.add(template.clone().group(group, group).bind(host, port).sync().channel());
                return new Listeners(bound);
            }
            if (port != 0) {
                ensureFree(host, port);
            }
            int p = port;
            for (EventLoop loop : loops) {
                Channel ch = transport.sharePort(template.clone().group(loop, loop)).bind(host, p).sync().channel();
                bound.add(ch);
                p = ((InetSocketAddress) ch.localAddress()).getPort();
            }
            return new Listeners(bound);
        } catch (InterruptedException | IOException | RuntimeException e) {
            for (Channel ch : bound) {
                ch.close().awaitUninterruptibly();
            }
            throw e;
        }
    }

    /** A plain bind fails where any socket, shared or not, holds the port. */
    private static void ensureFree(String host, int port) throws IOException {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(host), port));
        }
    }

    InetSocketAddress address() {
        return (InetSocketAddress) channels.get(0).localAddress();
    }

    /** Stops accepting on every socket. */
    void close() {
        for (Channel ch : channels) {
            ch.close().awaitUninterruptibly();
        }
    }

    /** Blocks until every socket is closed. */
    void awaitClose() throws InterruptedException {
        for (Channel ch : channels) {
            ch.closeFuture().await();
        }
    }
}
