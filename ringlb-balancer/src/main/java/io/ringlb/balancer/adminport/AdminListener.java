package io.ringlb.balancer.adminport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.timeout.ReadTimeoutHandler;
import io.ringlb.balancer.admin.AdminApi;
import io.ringlb.balancer.metrics.BalancerMetrics;
import io.ringlb.balancer.metrics.ReplicaRoster;
import io.ringlb.balancer.metrics.RingShares;
import io.ringlb.balancer.proxy.HashKey;
import io.ringlb.balancer.traffic.TrafficRecorder;
import io.ringlb.core.HashingConfig;
import io.ringlb.transport.Transport;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The admin listener ({@code --admin-port}, default 9901 on 127.0.0.1): the dashboard,
 * {@code /metrics}, {@code /ring}, {@code /stats}, and the admin API's {@code /rep}, {@code /add},
 * {@code /rm}, on a port of its own, so that no new path shadows a replica's paths on the traffic
 * port. It runs on its own single thread: a scrape or a dashboard never takes time from the proxy's
 * event loops.
 */
public final class AdminListener implements AutoCloseable {

    /** What the listener shows and acts on. */
    public record Parts(AdminApi admin, BalancerMetrics metrics, ReplicaRoster roster, RingShares shares,
                        List<TrafficRecorder> loops, TrafficRecorder own, RecentEvents events, HashingConfig hashing,
                        HashKey hashKey, int retries, boolean counting) {
    }

    private final EventLoopGroup group;
    private final Channel server;

    private AdminListener(EventLoopGroup group, Channel server) {
        this.group = group;
        this.server = server;
    }

    /**
     * Listens on {@code bind:port}.
     *
     * @throws AdminListenerException if the port cannot be had (in use, or not allowed)
     */
    public static AdminListener start(String bind, int port, Transport transport, Parts p) {
        RateSampler rates = new RateSampler(p.roster());
        AdminRoutes routes = new AdminRoutes(p.admin(), p.metrics(),
                new RingEndpoint(p.shares(), p.hashing(), p.hashKey(), p.retries()),
                new StatsEndpoint(p.roster(), p.shares(), p.loops(), p.counting()),
                new DashboardFeed(p.roster(), p.shares(), p.loops(), p.events(), rates, p.hashing(), p.counting()),
                new StaticAssets(), p.own());
        EventLoopGroup group = transport.newGroup(1, "ringlb-admin", false);
        try {
            Channel server = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            ch.pipeline().addLast(
                                    new ReadTimeoutHandler(120, TimeUnit.SECONDS),
                                    new HttpServerCodec(8192, 16 * 1024, 64 * 1024),
                                    new HttpObjectAggregator(AdminApi.MAX_BODY),
                                    new AdminHttpHandler(routes));
                        }
                    })
                    .bind(bind, port).sync().channel();
            group.next().scheduleAtFixedRate(rates, 1, 1, TimeUnit.SECONDS);
            return new AdminListener(group, server);
        } catch (Exception e) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
            throw new AdminListenerException("cannot open the admin listener on " + bind + ":" + port + " (" + e.getMessage()
                    + "); is another ringlb running? Choose another --admin-port, or --admin-port 0 to run without it", e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public void close() {
        server.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
