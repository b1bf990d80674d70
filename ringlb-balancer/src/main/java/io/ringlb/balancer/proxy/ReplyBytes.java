package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.FullHttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The balancer's own replies (failure JSON, admin answers, {@code 100 Continue}) as the bytes a
 * client gets, so that a client connection needs no HTTP encoder: replica responses pass as bytes,
 * and these few are written the same way.
 */
final class ReplyBytes {

    private static final short CRLF = ('\r' << 8) | '\n';
    private static final byte[] COLON_SPACE = {':', ' '};

    /** {@code HTTP/1.1 100 Continue} and its empty line; shared, never released. */
    static final ByteBuf CONTINUE = Unpooled.unreleasableBuffer(Unpooled.directBuffer(25)
            .writeBytes("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).asReadOnly());

    private ReplyBytes() {
    }

    /**
     * {@code r} as bytes, head and body, taking over (and releasing) {@code r}. The head goes as
     * HTTP/1.1 whatever {@code r} says; with {@code bodyless} (a reply to HEAD) the body stays
     * out while its Content-Length stays in (RFC 9110 §9.3.2).
     */
    static ByteBuf encode(FullHttpResponse r, ByteBufAllocator alloc, boolean bodyless) {
        try {
            String status = r.status().toString(); // "200 OK"
            ByteBuf content = r.content();
            int size = 9 + status.length() + 2 + 2 + (bodyless ? 0 : content.readableBytes());
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it = r.headers().iteratorCharSequence(); it.hasNext(); ) {
                Map.Entry<CharSequence, CharSequence> h = it.next();
                size += h.getKey().length() + h.getValue().length() + 4;
            }
            ByteBuf out = alloc.directBuffer(size);
            out.writeCharSequence("HTTP/1.1 ", StandardCharsets.US_ASCII);
            out.writeCharSequence(status, StandardCharsets.US_ASCII);
            out.writeShort(CRLF);
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it = r.headers().iteratorCharSequence(); it.hasNext(); ) {
                Map.Entry<CharSequence, CharSequence> h = it.next();
                out.writeCharSequence(h.getKey(), StandardCharsets.US_ASCII);
                out.writeBytes(COLON_SPACE);
                out.writeCharSequence(h.getValue(), StandardCharsets.ISO_8859_1);
                out.writeShort(CRLF);
            }
            out.writeShort(CRLF);
            if (!bodyless) {
                out.writeBytes(content, content.readerIndex(), content.readableBytes());
            }
            return out;
        } finally {
            r.release();
        }
    }
}
