package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.traffic.TrafficRecorder;

/**
 * One connection to a replica, as the last handler of its channel. It serves one
 * {@link ProxyExchange} at a time ({@link #attach}), then goes back to its loop's
 * {@link BackendPool} or closes ({@link #release}). It reads the replica's responses with a
 * {@link ResponseReader}, or after a {@code 101 Switching Protocols} passes the bytes on untouched,
 * and carries the back-pressure between the two sides: the exchange pauses its reads when the
 * client cannot take more. A replica that speaks while the connection is idle in the pool is out
 * of step; the connection closes.
 */
final class ReplicaConnection extends ChannelInboundHandlerAdapter {

    private final ResponseReader reader = new ResponseReader();
    private Channel channel;
    private ProxyExchange exchange;
    private boolean tunnel;
    private boolean reusable;
    private boolean readsPaused;
    private BackendPool pool;
    private Replica replica;
    private long idleSince;
    /** The replica this connection was opened to, and the recorder that counts it; null until {@link #opened}. */
    private Replica openedTo;
    private TrafficRecorder traffic;

    /** The connection a channel opened by a {@link BackendConnector} carries. */
    static ReplicaConnection of(Channel ch) {
        return (ReplicaConnection) ch.pipeline().last();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    /** The connection is open, to {@code to}: {@code rec} counts it now and when it closes. */
    void opened(Replica to, TrafficRecorder rec) {
        openedTo = to;
        traffic = rec;
        rec.replicaConnected(to);
    }

    /** This connection now serves {@code ex}, whose request is a HEAD or comes from an HTTP/1.0 client as said. */
    void attach(ProxyExchange ex, boolean headRequest, boolean http10Client, boolean upgradeAsked) {
        exchange = ex;
        pool = null;
        replica = null;
        reusable = false;
        reader.begin(headRequest, http10Client, upgradeAsked);
    }

    void write(ByteBuf b) {
        channel.write(b, channel.voidPromise());
    }

    void flush() {
        channel.flush();
    }

    boolean isWritable() {
        return channel.isWritable();
    }

    boolean isActive() {
        return channel.isActive();
    }

    /** Whether the replica keeps this connection open after the current response. */
    void reusable(boolean r) {
        reusable = r;
    }

    /** Stops reading from the replica (the client cannot take more). */
    void pauseReads() {
        if (!readsPaused) {
            readsPaused = true;
            channel.config().setAutoRead(false);
        }
    }

    void resumeReads() {
        if (readsPaused) {
            readsPaused = false;
            channel.config().setAutoRead(true);
        }
    }

    boolean readsPaused() {
        return readsPaused;
    }

    /** From now on the replica's bytes pass to the exchange as they are (after a 101). */
    void startTunnel() {
        tunnel = true;
        reusable = false;
    }

    /**
     * The exchange is done with this connection: it goes back to {@code pool} if the whole
     * exchange went over it cleanly and the replica keeps it open, else it closes.
     */
    void release(BackendPool toPool, Replica to, boolean exchangeComplete) {
        exchange = null;
        if (exchangeComplete && reusable && !tunnel && channel.isActive()) {
            resumeReads();
            toPool.release(to, this);
        } else {
            close();
        }
    }

    /** Called by the pool when it keeps this connection. */
    void parkIn(BackendPool p, Replica r, long now) {
        pool = p;
        replica = r;
        idleSince = now;
    }

    long idleSince() {
        return idleSince;
    }

    /** Closes the connection; nobody hears of it any more. */
    void close() {
        exchange = null;
        pool = null;
        replica = null;
        channel.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        ProxyExchange ex = exchange;
        if (ex == null || !(msg instanceof ByteBuf in)) {
            ReferenceCountUtil.release(msg); // a replica must not speak unasked: out of step
            ctx.close();
            return;
        }
        if (tunnel) {
            ex.onTunnelData(in);
            return;
        }
        reader.read(ctx, in, ex);
        if (reader.switched() && exchange == ex) {
            startTunnel();
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
        reader.release();
        if (traffic != null) {
            traffic.replicaDisconnected(openedTo);
        }
        ProxyExchange ex = exchange;
        if (ex != null) {
            exchange = null;
            if (!tunnel && reader.endOfInput(ex)) {
                return; // a body that ends with the connection
            }
            ex.onBackendClosed(null);
        } else if (pool != null) {
            pool.remove(replica, this);
            pool = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ProxyExchange ex = exchange;
        if (ex != null) {
            exchange = null;
            ex.onBackendClosed(cause);
        }
        ctx.close();
    }
}
