package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.ringlb.balancer.cluster.Replica;

/**
 * The replica side of a proxied exchange: reads the replica's responses straight from the bytes
 * ({@link ResponseHead}, {@link BodyFraming}) and hands them to the exchange that owns this
 * connection, head first, then the body in pieces. Informational (1xx) responses are dropped.
 * Between exchanges the connection sits in a {@link BackendPool}; if the replica closes it
 * there, or speaks unasked, the pool forgets it.
 */
final class BackendHandler extends ChannelInboundHandlerAdapter {

    /** Largest response head accepted. */
    static final int MAX_HEAD = 64 * 1024;
    /** A Content-Length body up to this size that came with its head goes out in the head's buffer. */
    static final int INLINE_BODY = 4096;

    private final ResponseHead head = new ResponseHead();
    private final BodyFraming body = new BodyFraming();
    private ProxyExchange exchange;
    private boolean headRequest;
    private boolean http10Client;
    private boolean inBody;
    /** A head that came in pieces, until it is whole; {@link #scannedTo}: where no head end was found before. */
    private ByteBuf partialHead;
    private int scannedTo;
    private BackendPool pool;
    private Replica replica;

    /** This connection now serves {@code ex}. */
    void attach(ProxyExchange ex, boolean headRequest, boolean http10Client) {
        this.exchange = ex;
        this.headRequest = headRequest;
        this.http10Client = http10Client;
        this.inBody = false;
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
        if (exchange == null || !(msg instanceof ByteBuf in)) {
            // A replica must not speak unasked; the connection is out of step, drop it.
            ReferenceCountUtil.release(msg);
            ctx.close();
            return;
        }
        ByteBuf buf = in;
        if (partialHead != null) {
            buf = partialHead.writeBytes(in);
            partialHead = null;
            in.release();
            if (!headEndFrom(buf, scannedTo)) { // a slow head: look at the new bytes only
                keepPartial(ctx, buf);
                return;
            }
        }
        try {
            read(ctx, buf);
        } finally {
            buf.release(); // what read() keeps (slices, a partial head) it retained
        }
    }

    /** Whether an empty line (the head's end) starts after {@code from}: LF LF or LF CR LF. */
    private static boolean headEndFrom(ByteBuf buf, int from) {
        int i = Math.max(buf.readerIndex(), from);
        int to = buf.writerIndex();
        while ((i = buf.indexOf(i, to, (byte) '\n')) >= 0) {
            if (i + 1 < to && buf.getByte(i + 1) == '\n'
                    || i + 2 < to && buf.getByte(i + 1) == '\r' && buf.getByte(i + 2) == '\n') {
                return true;
            }
            i++;
        }
        return false;
    }

    /**
     * Keeps the incomplete head at {@code buf}'s reader index for the next read, taking over the
     * reference it is given. A head already gathered in a heap buffer grows in place.
     */
    private void keepPartial(ChannelHandlerContext ctx, ByteBuf buf) {
        if (buf.readableBytes() > MAX_HEAD) {
            buf.release();
            broken("a response head over " + MAX_HEAD + " bytes");
            return;
        }
        ByteBuf kept = buf;
        if (!buf.hasArray() || buf.readerIndex() > 0) { // a read buffer, or past responses: copy the head alone
            kept = ctx.alloc().heapBuffer(Math.max(1024, 2 * buf.readableBytes())).writeBytes(buf);
            buf.release();
        }
        scannedTo = Math.max(kept.readerIndex(), kept.writerIndex() - 2); // a CR LF may end the next read's empty line
        partialHead = kept;
    }

    private void read(ChannelHandlerContext ctx, ByteBuf buf) {
        while (buf.isReadable() && exchange != null) {
            if (!exchange.awaitingResponse()) {
                exchange.replicaOutOfStep(); // bytes after the response, before the request's end: dropped
                return;
            }
            if (!inBody && !readHead(ctx, buf)) {
                return;
            }
            if (inBody) {
                ByteBuf piece = body.next(buf);
                if (piece != null) {
                    exchange.onResponseBody(piece);
                } else if (body.error() != null) {
                    broken("a malformed chunked body (" + body.error() + ")");
                    return;
                }
                if (body.done()) {
                    inBody = false;
                    exchange.onResponseEnd(!buf.isReadable());
                }
            }
        }
    }

    /**
     * Reads a head at the reader index, if it is all there, and passes it on.
     *
     * @return false if there is nothing more to do with this buffer
     */
    private boolean readHead(ChannelHandlerContext ctx, ByteBuf buf) {
        int end = head.parse(buf, buf.readerIndex(), buf.writerIndex());
        if (end == ResponseHead.INCOMPLETE) {
            keepPartial(ctx, buf.retain());
            return false;
        }
        if (end == ResponseHead.MALFORMED) {
            broken("a malformed response head (" + head.error() + ")");
            return false;
        }
        buf.readerIndex(end);
        int status = head.status();
        if (status < 200) {
            if (status == 101) {
                broken("a 101 Switching Protocols it was not asked for");
                return false;
            }
            return true; // informational (100, 103): dropped; the final response follows
        }
        boolean bodyless = headRequest || status == 204 || status == 304;
        boolean dechunk = http10Client && head.chunked() && !bodyless;
        body.begin(head, bodyless, dechunk);
        long length = body.remainingLength();
        int inline = length > 0 && length <= INLINE_BODY && buf.readableBytes() >= length ? (int) length : 0;
        // The whole body, if it is here (none at all counts): it leaves in the head's buffer.
        int wholeBody = body.done() ? 0 : inline > 0 ? inline : -1;
        exchange.onResponseHead(head, buf, body.closeDelimited(), dechunk, wholeBody);
        if (inline > 0) {
            buf.skipBytes(inline);
            body.consumed(inline);
        }
        inBody = true;
        return true;
    }

    private void broken(String what) {
        ProxyExchange ex = exchange;
        inBody = false;
        ex.brokenResponse(what);
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
        if (partialHead != null) {
            partialHead.release();
            partialHead = null;
        }
        if (exchange != null) {
            ProxyExchange ex = exchange;
            if (inBody && ex.awaitingResponse() && body.endOfInput()) {
                inBody = false;
                ex.onResponseEnd(false); // a body that ends with the connection
                return;
            }
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
