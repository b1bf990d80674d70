package io.ringlb.balancer.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a client connection: a counter of the bytes written, the idle timeout, an encoder
 * for the balancer's own replies, and the proxy, which reads requests from the bytes itself ({@link RequestHead}) and
 * passes replica responses on as bytes.
 */
public final class ProxyServerInitializer extends ChannelInitializer<SocketChannel> {

    private final ProxyContext proxy;
    private final ClientConnectionLimit limit;

    /** @param limit the limit each connection is admitted under, or null for none */
    public ProxyServerInitializer(ProxyContext proxy, ClientConnectionLimit limit) {
        this.proxy = proxy;
        this.limit = limit;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ClientSlot slot = null;
        if (limit != null) {
            slot = limit.admit(ch);
            if (slot == null) {
                return; // refused: closing
            }
        }
        install(ch, proxy, slot);
    }

    /** Adds a client connection's handlers to {@code ch}'s pipeline (in-process tests use it on embedded channels). */
    static void install(Channel ch, ProxyContext proxy, ClientSlot slot) {
        ch.pipeline().addLast(
                // Reader-idle only: an all-idle or writer-idle handler would hook every write.
                new IdleStateHandler(proxy.settings.clientIdleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS),
                new FrontendHandler(proxy, slot));
    }
}
