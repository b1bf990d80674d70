package io.ringlb.balancer.proxy;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * One admitted client connection, first in its pipeline: each read marks it recently active in
 * its loop's {@link ClientConnectionLimit.IdleOrder}, and its close frees its place under the
 * limit. Also the list's node.
 */
final class ClientSlot extends ChannelInboundHandlerAdapter {

    private final ClientConnectionLimit limit;
    private final ClientConnectionLimit.IdleOrder order;
    final Channel channel;
    ClientSlot prev;
    ClientSlot next;
    boolean linked;

    ClientSlot(ClientConnectionLimit limit, ClientConnectionLimit.IdleOrder order, Channel channel) {
        this.limit = limit;
        this.order = order;
        this.channel = channel;
        order.append(this);
    }

    /** Whether the connection waits for a request, answering none (its proxy handler says so). */
    boolean idle() {
        FrontendHandler f = channel.pipeline().get(FrontendHandler.class);
        return f == null || f.awaitingRequest();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        order.touch(this);
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        order.unlink(this);
        limit.released();
        ctx.fireChannelInactive();
    }
}
