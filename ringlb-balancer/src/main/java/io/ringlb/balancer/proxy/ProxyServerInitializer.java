package io.ringlb.balancer.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;

/**
 * The pipeline of a client connection: one handler, the proxy's {@link FrontendHandler}, which
 * reads requests from the bytes itself ({@link RequestHead}), passes replica responses on as
 * bytes, writes its own replies as bytes ({@link ReplyBytes}) and keeps its timeouts in its
 * loop's deadline lists. One handler makes a connection cheap to open. Connections are admitted
 * under the {@link ClientConnectionLimit} first.
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
        ch.pipeline().addLast(new FrontendHandler(proxy, slot));
    }
}
