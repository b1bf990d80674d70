package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.ringlb.balancer.traffic.TrafficRecorder;

/**
 * Counts the bytes a client connection writes, as they go to the socket (after the encoder): the
 * first handler of the pipeline, seeing every response whether the balancer made it or passed a
 * replica's on. Bytes read are counted where they arrive, in the {@link FrontendHandler}. Without
 * metrics it takes itself out of the pipeline as soon as it is added, so writes pay nothing.
 */
final class ClientTraffic extends ChannelOutboundHandlerAdapter {

    private final ProxyContext proxy;
    private TrafficRecorder traffic;

    ClientTraffic(ProxyContext proxy) {
        this.proxy = proxy;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        traffic = proxy.resourcesFor(ctx.channel().eventLoop()).traffic;
        if (!traffic.counting()) {
            ctx.pipeline().remove(this);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) {
            traffic.clientWrote(b.readableBytes());
        }
        ctx.write(msg, promise);
    }
}
