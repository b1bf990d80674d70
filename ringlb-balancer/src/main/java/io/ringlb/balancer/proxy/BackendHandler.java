package io.ringlb.balancer.proxy;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.ringlb.balancer.cluster.Replica;

/**
 * The replica side of a proxied exchange: hands the replica's response to the exchange that owns
 * this connection. Between exchanges the connection sits in a {@link BackendPool}; if the
 * replica closes it there, the pool forgets it.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {

    private ProxyExchange exchange;
    private BackendPool pool;
    private Replica replica;

    /** This connection now serves {@code ex}. */
    void attach(ProxyExchange ex) {
        this.exchange = ex;
        this.pool = null;
        this.replica = null;
    }

    /** This connection now idles in {@code p}. */
    void parkIn(BackendPool p, Replica r) {
        this.exchange = null;
        this.pool = p;
        this.replica = r;
    }

    /** This connection serves nobody (it is being closed). */
    void detach() {
        this.exchange = null;
        this.pool = null;
        this.replica = null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (exchange != null) {
            exchange.onBackendMessage(msg);
        } else {
            // A replica must not speak unasked; the connection is out of step, drop it.
            ReferenceCountUtil.release(msg);
            ctx.close();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.flushToClient();
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (exchange != null) {
            exchange.backendWritabilityChanged(ctx.channel().isWritable());
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (exchange != null) {
            ProxyExchange ex = exchange;
            exchange = null;
            ex.onBackendClosed(null);
        } else if (pool != null) {
            pool.remove(replica, ctx.channel());
            pool = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (exchange != null) {
            ProxyExchange ex = exchange;
            exchange = null;
            ex.onBackendClosed(cause);
        }
        ctx.close();
    }
}
