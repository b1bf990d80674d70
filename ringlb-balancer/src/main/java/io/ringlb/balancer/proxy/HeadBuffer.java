package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * A message head that arrives in pieces, gathered until its empty line is there. New bytes are
 * searched for the head's end only from where the last search stopped, so a head trickling in
 * byte by byte costs linear, not quadratic, time. A head already gathered grows in place.
 */
final class HeadBuffer {

    private final int max;
    private ByteBuf kept;
    private int scannedTo;
    private boolean overflowed;

    HeadBuffer(int max) {
        this.max = max;
    }

    /**
     * Adds {@code in} (taken over) to the head kept so far.
     *
     * @return the whole buffer to parse from (the caller owns it) once an end may be in it; null
     *         while the head is still incomplete, or when it grew past the limit ({@link #overflowed()})
     */
    ByteBuf gather(ByteBufAllocator alloc, ByteBuf in) {
        if (kept == null) {
            return in;
        }
        ByteBuf buf = kept.writeBytes(in);
        kept = null;
        in.release();
        if (!endFrom(buf, scannedTo)) {
            keep(alloc, buf);
            return null;
        }
        return buf;
    }

    /**
     * Keeps the incomplete head at {@code buf}'s reader index for the next read, taking over the
     * reference. A read buffer is copied (the head alone), so that it goes back to its pool.
     *
     * @return false if the head is over the limit (the buffer is released)
     */
    boolean keep(ByteBufAllocator alloc, ByteBuf buf) {
        if (buf.readableBytes() > max) {
            buf.release();
            overflowed = true;
            return false;
        }
        ByteBuf k = buf;
        if (!buf.hasArray() || buf.readerIndex() > 0) {
            k = alloc.heapBuffer(Math.max(1024, 2 * buf.readableBytes())).writeBytes(buf);
            buf.release();
        }
        scannedTo = Math.max(k.readerIndex(), k.writerIndex() - 2); // a CR LF may end the next read's empty line
        kept = k;
        return true;
    }

    /** Whether the last gather found the head over the limit. */
    boolean overflowed() {
        return overflowed;
    }

    /** Whether bytes are kept. */
    boolean holding() {
        return kept != null;
    }

    void release() {
        if (kept != null) {
            kept.release();
            kept = null;
        }
        overflowed = false;
    }

    /** Whether an empty line (a head's end) starts after {@code from}: LF LF or LF CR LF. */
    static boolean endFrom(ByteBuf buf, int from) {
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
}
