package io.ringlb.replica;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.ringlb.transport.Transport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica: a tiny HTTP server that answers {@code GET /home} with its name and
 * {@code GET /heartbeat} with an empty 200, and 404 to anything else (CONTRACT.md).
 */
public final class ReplicaServer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ReplicaServer.class);

    private final String name;
    private final EventLoopGroup group;
    private final Channel channel;

    private ReplicaServer(String name, EventLoopGroup group, Channel channel) {
        this.name = name;
        this.group = group;
        this.channel = channel;
    }

    /**
     * Starts a replica called {@code name} on {@code bind:port} (port 0 picks a free one) with
     * {@code threads} event loops.
     *
     * @throws InterruptedException if interrupted while binding
     */
    public static ReplicaServer start(String name, String bind, int port, int threads) throws InterruptedException {
        return start(name, name, bind, port, threads);
    }

    /**
     * As {@link #start(String, String, int, int)}, with {@code /home} answering
     * {@code Hello from Server: <reportedAs>} (the replica's integer id, for clients that expect one).
     */
    public static ReplicaServer start(String name, String reportedAs, String bind, int port, int threads) throws InterruptedException {
        ReplicaResponses responses = new ReplicaResponses(reportedAs);
        Transport transport = Transport.best();
        EventLoopGroup group = transport.newGroup(threads, "replica");
        try {
            Channel ch = new ServerBootstrap()
                    .group(group)
                    .channel(transport.serverChannel())
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.ALLOCATOR, Transport.allocator())
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel c) {
                            c.pipeline().addLast(new HttpServerCodec(), new ReplicaHandler(responses));
                        }
                    })
                    .bind(bind, port).sync().channel();
            ReplicaServer server = new ReplicaServer(name, group, ch);
            log.info("replica {} listening on {} ({})", name, server.address(), transport);
            return server;
        } catch (RuntimeException | InterruptedException e) {
            group.shutdownGracefully(0, 0, TimeUnit.MILLISECONDS);
            throw e;
        }
    }

    public String name() {
        return name;
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /**
     * Sends this server one request of each kind over a loopback socket and reads the answers,
     * so that every class of the request path is loaded (a class-data archive's training run).
     */
    public void warmUp() throws IOException {
        try (Socket s = new Socket(address().getAddress(), address().getPort())) {
            s.setSoTimeout(5000);
            String requests = "GET /home HTTP/1.1\r\nHost: warm-up\r\n\r\n"
                    + "GET /heartbeat HTTP/1.1\r\nHost: warm-up\r\n\r\n"
                    + "POST /other HTTP/1.1\r\nHost: warm-up\r\nContent-Length: 2\r\nConnection: close\r\n\r\nhi";
            s.getOutputStream().write(requests.getBytes(StandardCharsets.US_ASCII));
            s.getInputStream().readAllBytes();
        }
    }

    /** Completes when the server's listening channel closes. */
    public void awaitClose() throws InterruptedException {
        channel.closeFuture().await();
    }

    /** Stops accepting, lets requests in progress finish (up to 2 s), then stops. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
