package io.ringlb.balancer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.ChannelInitializer;
import io.ringlb.transport.Transport;
import java.net.BindException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ListenersTest {

    private final List<EventLoopGroup> groups = new ArrayList<>();
    private final List<Listeners> bound = new ArrayList<>();
    private final Set<Thread> acceptingThreads = ConcurrentHashMap.newKeySet();
    private CountDownLatch accepted;

    @AfterEach
    void close() {
        bound.forEach(Listeners::close);
        groups.forEach(g -> g.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly());
    }

    private ServerBootstrap template(Transport t) {
        return new ServerBootstrap().channel(t.serverChannel()).childHandler(new ChannelInitializer<SocketChannel>() {
            @Override
            protected void initChannel(SocketChannel ch) {
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelActive(ChannelHandlerContext ctx) {
                        acceptingThreads.add(Thread.currentThread());
                        accepted.countDown();
                    }
                });
            }
        });
    }

    private Listeners bind(Transport t, int port) throws Exception {
        EventLoopGroup g = t.newGroup(2, "test");
        groups.add(g);
        Listeners l = Listeners.bind(template(t), g, t, "127.0.0.1", port);
        bound.add(l);
        return l;
    }

    @Test
    void eachEventLoopAcceptsOnItsOwnSocketWhereThePortCanBeShared() throws Exception {
        assumeThat(Transport.best().sharesPorts()).as("epoll").isTrue();
        Listeners l = bind(Transport.best(), 0);
        assertThat(l.count()).isEqualTo(2);
        accepted = new CountDownLatch(40);
        List<Socket> clients = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            clients.add(new Socket("127.0.0.1", l.address().getPort()));
        }
        assertThat(accepted.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(acceptingThreads).as("the kernel spread 40 connections over both loops").hasSize(2);
        for (Socket s : clients) {
            s.close();
        }
    }

    @Test
    void aTakenPortIsRefusedEvenBySocketsThatShare() throws Exception {
        Listeners first = bind(Transport.best(), 0);
        int port = first.address().getPort();
        assertThatThrownBy(() -> bind(Transport.best(), port)).isInstanceOf(BindException.class);
        assertThatThrownBy(() -> bind(Transport.NIO, port)).isInstanceOf(BindException.class);
    }

    @Test
    void withoutSharingOneSocketServesTheGroup() throws Exception {
        Listeners l = bind(Transport.NIO, 0);
        assertThat(l.count()).isEqualTo(1);
        accepted = new CountDownLatch(1);
        try (Socket s = new Socket("127.0.0.1", l.address().getPort())) {
            assertThat(accepted.await(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
