package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;

/**
 * Finds where a message body ends in the bytes as they arrive (RFC 9112 §6.3): after
 * Content-Length bytes, after the last chunk and its trailers, or (a response's) when the
 * connection closes. The body passes through as slices of the read buffers, chunk framing
 * included, unless a response must be de-chunked for an HTTP/1.0 client, in which case only the
 * chunks' data passes. Used for replica responses and client requests alike, one instance per
 * connection.
 */
final class BodyFraming {

    private static final int NONE = 0;
    private static final int LENGTH = 1;
    private static final int CHUNKED = 2;
    private static final int CLOSE = 3;

    // Chunked body states.
    private static final int SIZE = 0;
    private static final int SIZE_LF = 1;
    private static final int EXTENSION = 2;
    private static final int DATA = 3;
    private static final int DATA_CR = 4;
    private static final int DATA_LF = 5;
    private static final int TRAILER = 6;
    private static final int TRAILER_LINE = 7;
    private static final int END_LF = 8;
    private static final int TRAILER_LF = 9;
    private static final int SIZE_BWS = 10;

    private static final long MAX_CHUNK = Long.MAX_VALUE >> 4;

    private int kind;
    private boolean dechunk;
    private boolean done;
    private long remaining;
    private int state;
    private boolean digits;
    private String error;
    private long dataBytes;

    /** Starts a response body: none at all if {@code bodyless} (a HEAD request's, a 204's, a 304's). */
    void begin(ResponseHead head, boolean bodyless, boolean dechunk) {
        if (bodyless) {
            start(NONE, 0, false);
        } else if (head.chunked()) {
            start(CHUNKED, 0, dechunk);
        } else if (head.closeDelimited()) {
            start(CLOSE, 0, false);
        } else {
            start(LENGTH, head.contentLength(), false);
        }
    }

    /**
     * Starts a request body: chunked, or {@code contentLength} bytes (0: none). A request never
     * runs to the connection's end (RFC 9112 §6.3).
     *
     * @param dechunk whether only the chunks' data passes (for the balancer's own endpoints)
     */
    void beginRequest(long contentLength, boolean chunked, boolean dechunk) {
        if (chunked) {
            start(CHUNKED, 0, dechunk);
        } else {
            start(contentLength > 0 ? LENGTH : NONE, contentLength, false);
        }
    }

    private void start(int kind, long length, boolean dechunk) {
        this.kind = kind;
        this.dechunk = dechunk;
        error = null;
        state = SIZE;
        digits = false;
        remaining = length;
        dataBytes = 0;
        done = kind == NONE || (kind == LENGTH && length == 0);
    }

    /** Body data bytes seen so far, chunk framing not counted. */
    long dataBytes() {
        return dataBytes;
    }

    /** Whether the body ends only when the connection does. */
    boolean closeDelimited() {
        return kind == CLOSE;
    }

    /** Whether the body has ended. */
    boolean done() {
        return done;
    }

    /** What was wrong with the chunk framing, or null. */
    String error() {
        return error;
    }

    /** Bytes of a Content-Length body that are still to come (-1 for other framings). */
    long remainingLength() {
        return kind == LENGTH ? remaining : -1;
    }

    /** Counts {@code n} bytes of a Content-Length body that the caller took itself. */
    void consumed(int n) {
        remaining -= n;
        dataBytes += n;
        done = remaining == 0;
    }

    /**
     * The next piece of this body at {@code buf}'s reader index, as a retained slice, moving the
     * reader index past it (and past any framing dropped while de-chunking). Null when the buffer
     * holds no more of the body, when the body has ended, or when the framing is broken
     * ({@link #error()} set).
     */
    ByteBuf next(ByteBuf buf) {
        if (done || !buf.isReadable()) {
            return null;
        }
        switch (kind) {
            case LENGTH -> {
                int n = (int) Math.min(remaining, buf.readableBytes());
                consumed(n);
                return buf.readRetainedSlice(n);
            }
            case CLOSE -> {
                dataBytes += buf.readableBytes();
                return buf.readRetainedSlice(buf.readableBytes());
            }
            case CHUNKED -> {
                return dechunk ? nextData(buf) : nextChunked(buf);
            }
            default -> {
                return null;
            }
        }
    }

    /** The connection closed: the end of a close-delimited body; anything else was cut short. */
    boolean endOfInput() {
        if (kind == CLOSE) {
            done = true;
        }
        return done;
    }

    /** Chunked, passed through: every byte up to the body's end, framing included. */
    private ByteBuf nextChunked(ByteBuf buf) {
        int from = buf.readerIndex();
        int end = scan(buf, from, buf.writerIndex(), false);
        if (error != null || end == from) {
            return null;
        }
        return buf.readRetainedSlice(end - from);
    }

    /** Chunked, de-chunked: only the data of the chunks. */
    private ByteBuf nextData(ByteBuf buf) {
        while (buf.isReadable() && !done && error == null) {
            if (state == DATA) {
                return buf.readRetainedSlice(takeData(buf.readableBytes()));
            }
            buf.readerIndex(scan(buf, buf.readerIndex(), buf.writerIndex(), true));
        }
        return null;
    }

    /**
     * Runs the chunk framing over {@code [from, to)}.
     *
     * @param stopAtData whether to stop where chunk data starts (de-chunking) rather than skip it
     * @return where it stopped: at {@code to}, at the body's end, at data, or at an error
     */
    private int scan(ByteBuf buf, int from, int to, boolean stopAtData) {
        int i = from;
        while (i < to && !done) {
            if (state == DATA) {
                if (stopAtData) {
                    return i;
                }
                i += takeData(to - i);
                continue;
            }
            byte b = buf.getByte(i++);
            if (!step(b)) {
                return i - 1;
            }
        }
        return i;
    }

    /** Takes up to {@code available} bytes of the current chunk's data; how many it took. */
    private int takeData(int available) {
        int n = (int) Math.min(remaining, available);
        remaining -= n;
        dataBytes += n;
        if (remaining == 0) {
            state = DATA_CR;
        }
        return n;
    }

    /** One byte of chunk framing; false if it breaks the framing. */
    private boolean step(byte b) {
        switch (state) {
            case SIZE -> {
                int d = hex(b);
                if (d >= 0) {
                    if (remaining > MAX_CHUNK) {
                        return fail("a chunk size out of range");
                    }
                    remaining = remaining * 16 + d;
                    digits = true;
                } else if (b == ';') {
                    state = EXTENSION;
                } else if (b == ' ' || b == '\t') {
                    state = SIZE_BWS;
                } else if (b == '\r') {
                    state = SIZE_LF;
                } else if (b == '\n') {
                    return sizeLineEnd();
                } else {
                    return fail("a bad chunk size");
                }
            }
            case SIZE_BWS -> { // RFC 9112 §7.1.1: chunk-ext = *( BWS ";" ... ): whitespace leads to a ';' only
                if (b == ';') {
                    state = EXTENSION;
                } else if (b != ' ' && b != '\t') {
                    return fail("whitespace after a chunk size without an extension");
                }
            }
            case EXTENSION -> {
                if (b == '\n') {
                    return sizeLineEnd();
                } else if (b == '\r') {
                    state = SIZE_LF;
                } else if (HttpTokens.isControl(b)) {
                    return fail("a control character in a chunk extension");
                }
            }
            case SIZE_LF -> {
                if (b != '\n') {
                    return fail("a bad chunk size line");
                }
                return sizeLineEnd();
            }
            case DATA_CR -> {
                if (b == '\r') {
                    state = DATA_LF;
                } else if (b == '\n') {
                    state = SIZE;
                } else {
                    return fail("chunk data longer than its size");
                }
            }
            case DATA_LF -> {
                if (b != '\n') {
                    return fail("chunk data longer than its size");
                }
                state = SIZE;
            }
            case TRAILER -> {
                if (b == '\r') {
                    state = END_LF;
                } else if (b == '\n') {
                    done = true;
                } else {
                    state = TRAILER_LINE;
                }
            }
            case TRAILER_LINE -> {
                if (b == '\n') {
                    state = TRAILER;
                } else if (b == '\r') {
                    state = TRAILER_LF;
                } else if (HttpTokens.isControl(b)) {
                    return fail("a control character in a trailer field");
                }
            }
            case TRAILER_LF -> {
                if (b != '\n') {
                    return fail("a bare CR in a trailer field");
                }
                state = TRAILER;
            }
            case END_LF -> {
                if (b != '\n') {
                    return fail("a bad end of chunked body");
                }
                done = true;
            }
            default -> throw new IllegalStateException("state " + state);
        }
        return true;
    }

    private boolean sizeLineEnd() {
        if (!digits) {
            return fail("a chunk without a size");
        }
        digits = false;
        state = remaining == 0 ? TRAILER : DATA;
        return true;
    }

    private boolean fail(String what) {
        error = what;
        return false;
    }

    private static int hex(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
