package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;

/**
 * Reads a replica's responses from the bytes as they arrive ({@link ResponseHead},
 * {@link BodyFraming}) and hands them to the exchange: head first, then the body in pieces, then
 * its end. Informational (1xx) responses are dropped, except a {@code 101} the request asked for,
 * after which the connection is a tunnel ({@link #switched()}). One per replica connection.
 */
final class ResponseReader {

    /** Largest response head accepted. */
    static final int MAX_HEAD = 64 * 1024;
    /** A Content-Length body up to this size that came with its head goes out in the head's buffer. */
    static final int INLINE_BODY = 4096;

    private final ResponseHead head = new ResponseHead();
    private final BodyFraming body = new BodyFraming();
    private final HeadBuffer partial = new HeadBuffer(MAX_HEAD);
    private boolean headRequest;
    private boolean http10Client;
    private boolean upgradeAsked;
    private boolean inBody;
    private boolean switched;

    /** A new exchange: its response comes next. */
    void begin(boolean headRequest, boolean http10Client, boolean upgradeAsked) {
        this.headRequest = headRequest;
        this.http10Client = http10Client;
        this.upgradeAsked = upgradeAsked;
        this.inBody = false;
        this.switched = false;
    }

    /** Whether the replica switched protocols: what follows is no longer HTTP. */
    boolean switched() {
        return switched;
    }

    /** Reads what arrived, taking over {@code in}. */
    void read(ChannelHandlerContext ctx, ByteBuf in, ProxyExchange ex) {
        ByteBuf buf = inBody ? in : partial.gather(ctx.alloc(), in);
        if (buf == null) {
            if (partial.overflowed()) {
                broken(ex, "a response head over " + MAX_HEAD + " bytes");
            }
            return; // a head still arriving
        }
        try {
            readFrom(ctx, buf, ex);
        } finally {
            buf.release(); // what readFrom keeps (slices, a partial head) it retained
        }
    }

    private void readFrom(ChannelHandlerContext ctx, ByteBuf buf, ProxyExchange ex) {
        while (buf.isReadable() && !switched) {
            if (!ex.awaitingResponse()) {
                ex.replicaOutOfStep(); // bytes after the response, before the request's end: dropped
                return;
            }
            if (!inBody && !readHead(ctx, buf, ex)) {
                break;
            }
            if (inBody) {
                ByteBuf piece = body.next(buf);
                if (piece != null) {
                    ex.onResponseBody(piece);
                } else if (body.error() != null) {
                    broken(ex, "a malformed chunked body (" + body.error() + ")");
                    return;
                }
                if (body.done()) {
                    inBody = false;
                    ex.onResponseEnd(!buf.isReadable());
                }
            }
        }
        if (switched && buf.isReadable()) {
            ex.onTunnelData(buf.readRetainedSlice(buf.readableBytes())); // the new protocol's first bytes
        }
    }

    /**
     * Reads a head at the reader index, if it is all there, and passes it on.
     *
     * @return false if there is nothing more to do with this buffer
     */
    private boolean readHead(ChannelHandlerContext ctx, ByteBuf buf, ProxyExchange ex) {
        int end = head.parse(buf, buf.readerIndex(), buf.writerIndex());
        if (end == ResponseHead.INCOMPLETE) {
            if (!partial.keep(ctx.alloc(), buf.retain())) {
                broken(ex, "a response head over " + MAX_HEAD + " bytes");
            }
            return false;
        }
        if (end == ResponseHead.MALFORMED) {
            broken(ex, "a malformed response head (" + head.error() + ")");
            return false;
        }
        buf.readerIndex(end);
        int status = head.status();
        if (status == 101) {
            if (!upgradeAsked) {
                broken(ex, "a 101 Switching Protocols it was not asked for");
                return false;
            }
            switched = true;
            ex.onSwitchingProtocols(head, buf);
            return false;
        }
        if (status < 200) {
            return true; // informational (100, 103): dropped; the final response follows
        }
        boolean bodyless = headRequest || status == 204 || status == 304;
        boolean dechunk = http10Client && head.chunked() && !bodyless;
        if (dechunk && head.codingsBesidesChunked()) {
            // An HTTP/1.0 client cannot be sent Transfer-Encoding (RFC 9112 §6.1), and dropping a
            // coding such as gzip would hand it bytes it cannot read.
            broken(ex, "a transfer coding besides chunked, which an HTTP/1.0 client cannot receive");
            return false;
        }
        body.begin(head, bodyless, dechunk);
        long length = body.remainingLength();
        int inline = length > 0 && length <= INLINE_BODY && buf.readableBytes() >= length ? (int) length : 0;
        // The whole body, if it is here (none at all counts): it leaves in the head's buffer.
        int wholeBody = body.done() ? 0 : inline > 0 ? inline : -1;
        ex.onResponseHead(head, buf, body.closeDelimited(), dechunk, wholeBody);
        if (inline > 0) {
            buf.skipBytes(inline);
            body.consumed(inline);
        }
        inBody = true;
        return true;
    }

    private void broken(ProxyExchange ex, String what) {
        inBody = false;
        ex.brokenResponse(what);
    }

    /**
     * The connection closed: the end of a body that runs to it, which the exchange then gets.
     *
     * @return true if that ended the response
     */
    boolean endOfInput(ProxyExchange ex) {
        if (inBody && ex.awaitingResponse() && body.endOfInput()) {
            inBody = false;
            ex.onResponseEnd(false);
            return true;
        }
        return false;
    }

    /** Releases a partly received head. */
    void release() {
        partial.release();
    }
}
