package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A replica's response head, parsed where it lies in the read buffer: its status, how its body is
 * framed, and which field lines a proxy must not pass on (RFC 9110 §7.6.1: Connection and the
 * fields it names, Keep-Alive, Proxy-Connection, TE, Trailer, Upgrade). The head then goes to the
 * client as a copy of the lines that stay, plus {@code X-Served-By} and any {@code Connection} the
 * client's side needs, without decoding the fields into objects, and with the proxy's own version
 * in the status line ({@code HTTP/1.1}, RFC 9110 §2.5) whatever the replica's.
 *
 * <p>One instance per replica connection, reused for every response on it. Accepts CRLF or bare
 * LF line ends, HTTP/1.0 and 1.1. Rejects (RFC 9112) what a proxy must not pass on: obsolete line
 * folding, whitespace before a colon, control characters in the reason phrase or a field value
 * (a bare CR could split the response), a bad or conflicting Content-Length, and Transfer-Encoding
 * with a Content-Length, in an HTTP/1.0 response, with chunked more than once or not last, or a
 * coding that is not a token (faulty framing, RFC 9112 §6.1).
 */
final class ResponseHead {

    /** {@link #parse} result: the head has not all arrived yet. */
    static final int INCOMPLETE = -1;
    /** {@link #parse} result: the head is malformed; {@link #error()} says how. */
    static final int MALFORMED = -2;

    static final int MAX_FIELDS = 128;
    /** Lines tracked before the arrays grow (once per connection at most): most heads are short. */
    private static final int INITIAL_LINES = 24;
    private static final int MAX_CONNECTION_TOKENS = 32;

    private static final byte[] SERVED_BY = "x-served-by: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_CLOSE = "connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_KEEP_ALIVE = "connection: keep-alive\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final short CRLF = ('\r' << 8) | '\n';
    private static final byte[] HTTP_11 = "HTTP/1.1".getBytes(StandardCharsets.US_ASCII);

    // Field lines: [start, end) without the line end; index 0 is the status line.
    private int[] lineStart = new int[INITIAL_LINES];
    private int[] lineEnd = new int[INITIAL_LINES];
    private int[] nameEnd = new int[INITIAL_LINES];
    private boolean[] drop = new boolean[INITIAL_LINES];
    private final ListCursor list = new ListCursor();
    private final int[] tokenStart = new int[MAX_CONNECTION_TOKENS];
    private final int[] tokenEnd = new int[MAX_CONNECTION_TOKENS];
    private int lines;
    private int tokens;

    private boolean http11;
    private int status;
    private long contentLength;
    private boolean sawContentLength;
    private boolean transferEncoding;
    private boolean chunked;
    private boolean sawChunked;
    private boolean otherCodings;
    private boolean close;
    private boolean keepAlive;
    private int length;
    private String error;

    /**
     * Parses the head that starts at {@code from}.
     *
     * @return the index just past the head's empty line, {@link #INCOMPLETE} or {@link #MALFORMED}
     */
    int parse(ByteBuf buf, int from, int to) {
        lines = 0;
        tokens = 0;
        contentLength = -1;
        sawContentLength = false;
        transferEncoding = false;
        chunked = false;
        sawChunked = false;
        otherCodings = false;
        close = false;
        keepAlive = false;
        error = null;
        int pos = from;
        while (true) {
            int lf = buf.indexOf(pos, to, (byte) '\n');
            if (lf < 0) {
                return INCOMPLETE;
            }
            int end = lf > pos && buf.getByte(lf - 1) == '\r' ? lf - 1 : lf;
            if (lines == 0) {
                if (!statusLine(buf, pos, end)) {
                    return MALFORMED;
                }
            } else if (end == pos) {
                length = lf + 1 - from;
                if (transferEncoding && (sawContentLength || !http11)) {
                    malformed(sawContentLength ? "both Transfer-Encoding and Content-Length" : "Transfer-Encoding in an HTTP/1.0 response");
                    return MALFORMED;
                }
                if (sawChunked && !chunked) {
                    // Chunked under another coding hides the framing: a client that takes the body
                    // as chunked would read where ringlb reads to the close (Netty's decoder refuses it too).
                    malformed("chunked before another transfer coding");
                    return MALFORMED;
                }
                dropNamedFields(buf);
                return lf + 1;
            } else if (lines > MAX_FIELDS) {
                malformed("more than " + MAX_FIELDS + " header fields");
                return MALFORMED;
            } else if (lines == lineStart.length) {
                grow();
                continue; // the same line again, with room for it
            } else if (!field(buf, pos, end)) {
                return MALFORMED;
            }
            lineStart[lines] = pos;
            lineEnd[lines] = end;
            lines++;
            pos = lf + 1;
        }
    }

    private void grow() {
        int n = Math.min(MAX_FIELDS + 1, lineStart.length * 2);
        lineStart = Arrays.copyOf(lineStart, n);
        lineEnd = Arrays.copyOf(lineEnd, n);
        nameEnd = Arrays.copyOf(nameEnd, n);
        drop = Arrays.copyOf(drop, n);
    }

    private boolean statusLine(ByteBuf buf, int from, int end) {
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (end - from < 12 || buf.getInt(from) != 0x48545450 /* HTTP */ || buf.getShort(from + 4) != 0x2f31 /* /1 */
                || buf.getByte(from + 6) != '.' || buf.getByte(from + 8) != ' ') {
            return malformed("a bad status line");
        }
        byte minor = buf.getByte(from + 7);
        if (minor != '0' && minor != '1') {
            return malformed("an unsupported HTTP version");
        }
        http11 = minor == '1';
        int code = 0;
        for (int i = from + 9; i < from + 12; i++) {
            byte b = buf.getByte(i);
            if (b < '0' || b > '9') {
                return malformed("a bad status code");
            }
            code = code * 10 + (b - '0');
        }
        if (code < 100 || (end > from + 12 && buf.getByte(from + 12) != ' ')) {
            return malformed("a bad status code");
        }
        if (end > from + 13 && buf.forEachByte(from + 13, end - from - 13, HttpTokens.FIND_CONTROL) >= 0) {
            return malformed("a control character in the reason phrase");
        }
        status = code;
        return true;
    }

    private boolean field(ByteBuf buf, int from, int end) {
        byte first = buf.getByte(from);
        if (first == ' ' || first == '\t') {
            return malformed("obsolete line folding");
        }
        int colon = from;
        while (colon < end) {
            byte b = buf.getByte(colon);
            if (b == ':') {
                break;
            }
            if (!HttpTokens.isTokenChar(b)) {
                return malformed("a bad header field name");
            }
            colon++;
        }
        if (colon == end || colon == from) {
            return malformed("a header field without a name or colon");
        }
        int line = lines;
        nameEnd[line] = colon;
        drop[line] = false;
        int v = colon + 1;
        while (v < end && HttpTokens.isOws(buf.getByte(v))) {
            v++;
        }
        int ve = end;
        while (ve > v && HttpTokens.isOws(buf.getByte(ve - 1))) {
            ve--;
        }
        if (ve > v && buf.forEachByte(v, ve - v, HttpTokens.FIND_CONTROL) >= 0) {
            return malformed("a control character in a header field value");
        }
        switch (colon - from) {
            case 2 -> drop[line] = HttpTokens.equalsIgnoreCase(buf, from, colon, "te");
            case 7 -> drop[line] = HttpTokens.equalsIgnoreCase(buf, from, colon, "trailer")
                    || HttpTokens.equalsIgnoreCase(buf, from, colon, "upgrade");
            case 10 -> {
                if (HttpTokens.equalsIgnoreCase(buf, from, colon, "connection")) {
                    drop[line] = true;
                    return connectionTokens(buf, v, ve);
                } else {
                    drop[line] = HttpTokens.equalsIgnoreCase(buf, from, colon, "keep-alive");
                }
            }
            case 11 -> drop[line] = HttpTokens.equalsIgnoreCase(buf, from, colon, "x-served-by");
            case 14 -> {
                if (HttpTokens.equalsIgnoreCase(buf, from, colon, "content-length")) {
                    return contentLength(buf, v, ve);
                }
            }
            case 16 -> drop[line] = HttpTokens.equalsIgnoreCase(buf, from, colon, "proxy-connection");
            case 17 -> {
                if (HttpTokens.equalsIgnoreCase(buf, from, colon, "transfer-encoding")) {
                    transferEncoding = true;
                    return transferCodings(buf, v, ve);
                }
            }
            default -> {
                // passed on as it is
            }
        }
        return true;
    }

    private boolean contentLength(ByteBuf buf, int from, int end) {
        if (from == end || end - from > 18) {
            return malformed("a bad Content-Length");
        }
        long n = 0;
        for (int i = from; i < end; i++) {
            byte b = buf.getByte(i);
            if (b < '0' || b > '9') {
                return malformed("a bad Content-Length");
            }
            n = n * 10 + (b - '0');
        }
        if (sawContentLength && contentLength != n) {
            return malformed("conflicting Content-Length values");
        }
        sawContentLength = true;
        contentLength = n;
        return true;
    }

    /**
     * One Transfer-Encoding field's list of codings (RFC 9112 §6.1), in order after those of
     * earlier fields: empty elements are skipped (RFC 9110 §5.6.1), the body is chunked if the
     * last coding is, and chunked may appear once.
     */
    private boolean transferCodings(ByteBuf buf, int from, int end) {
        ListCursor c = list.over(buf, from, end);
        while (c.next()) {
            if (buf.forEachByte(c.start, c.end - c.start, HttpTokens.FIND_NON_TOKEN) >= 0) {
                return malformed("a transfer coding that is not a token");
            }
            chunked = c.is("chunked");
            if (chunked && sawChunked) {
                return malformed("chunked applied more than once");
            }
            sawChunked |= chunked;
            otherCodings |= !chunked;
        }
        return true;
    }

    private boolean connectionTokens(ByteBuf buf, int from, int end) {
        ListCursor c = list.over(buf, from, end);
        while (c.next()) {
            if (c.is("close")) {
                close = true;
            } else if (c.is("keep-alive")) {
                keepAlive = true;
            } else {
                if (tokens == MAX_CONNECTION_TOKENS) {
                    return malformed("more than " + MAX_CONNECTION_TOKENS + " Connection options");
                }
                tokenStart[tokens] = c.start;
                tokenEnd[tokens] = c.end;
                tokens++;
            }
        }
        return true;
    }

    /**
     * Drops the fields Connection named, except the framing ones: without its Content-Length or
     * Transfer-Encoding the client could not tell where the body ends.
     */
    private void dropNamedFields(ByteBuf buf) {
        if (tokens == 0) {
            return;
        }
        for (int line = 1; line < lines; line++) {
            if (nameIs(buf, line, "content-length") || nameIs(buf, line, "transfer-encoding")) {
                continue;
            }
            for (int t = 0; t < tokens && !drop[line]; t++) {
                drop[line] = HttpTokens.regionEqualsIgnoreCase(buf, lineStart[line], nameEnd[line], tokenStart[t], tokenEnd[t]);
            }
        }
    }

    /** Whether field line {@code line} (not the status line) has the name {@code lower}. */
    private boolean nameIs(ByteBuf buf, int line, String lower) {
        return HttpTokens.equalsIgnoreCase(buf, lineStart[line], nameEnd[line], lower);
    }

    private boolean malformed(String what) {
        error = what;
        return false;
    }

    /**
     * Writes the head as the client gets it: the status line and the fields that stay, then
     * {@code X-Served-By}, then {@code extraLine} if any, then {@code Connection: close} if the
     * client connection ends after this response, or {@code Connection: keep-alive} if it does not
     * and the client speaks HTTP/1.0.
     *
     * @param src the buffer {@link #parse} read
     * @param extraLine a whole field line with its CRLF (the ring's version in cluster mode), or null
     * @param dechunk whether Transfer-Encoding goes too (the body is re-framed by closing)
     */
    void writeForClient(ByteBuf src, ByteBuf out, byte[] replica, byte[] extraLine, boolean keepAliveToClient,
                        boolean http10Client, boolean dechunk) {
        writeStatusLine(src, out);
        for (int line = 1; line < lines; line++) {
            if (!drop[line] && !(dechunk && nameIs(src, line, "transfer-encoding"))) {
                out.writeBytes(src, lineStart[line], lineEnd[line] - lineStart[line]);
                out.writeShort(CRLF);
            }
        }
        out.writeBytes(SERVED_BY).writeBytes(replica).writeShort(CRLF);
        if (extraLine != null) {
            out.writeBytes(extraLine);
        }
        if (!keepAliveToClient) {
            out.writeBytes(CONNECTION_CLOSE);
        } else if (http10Client) {
            out.writeBytes(CONNECTION_KEEP_ALIVE);
        }
        out.writeShort(CRLF);
    }

    /**
     * Writes a {@code 101 Switching Protocols} head as the client gets it: like
     * {@link #writeForClient}, but {@code Connection} and {@code Upgrade} stay, since they say what
     * the connection becomes (RFC 9110 §7.8).
     */
    void writeSwitchingForClient(ByteBuf src, ByteBuf out, byte[] replica) {
        writeStatusLine(src, out);
        for (int line = 1; line < lines; line++) {
            if (!drop[line] || nameIs(src, line, "connection") || nameIs(src, line, "upgrade")) {
                out.writeBytes(src, lineStart[line], lineEnd[line] - lineStart[line]);
                out.writeShort(CRLF);
            }
        }
        out.writeBytes(SERVED_BY).writeBytes(replica).writeShort(CRLF).writeShort(CRLF);
    }

    /** The status line with the proxy's own version, HTTP/1.1, whatever the replica's (RFC 9110 §2.5). */
    private void writeStatusLine(ByteBuf src, ByteBuf out) {
        out.writeBytes(HTTP_11).writeBytes(src, lineStart[0] + HTTP_11.length, lineEnd[0] - lineStart[0] - HTTP_11.length);
        out.writeShort(CRLF);
    }

    /** Most bytes {@link #writeForClient} may write, for a replica name and extra line of {@code extraLength} together. */
    int clientLengthBound(int extraLength) {
        return length + lines + SERVED_BY.length + extraLength + 2 + CONNECTION_KEEP_ALIVE.length + 2;
    }

    int status() {
        return status;
    }

    /** The body's length, or -1 if it is chunked or runs to the connection's end. */
    long contentLength() {
        return contentLength;
    }

    boolean chunked() {
        return chunked;
    }

    /** Whether Transfer-Encoding names a coding besides one final chunked (gzip, chunked; or two fields). */
    boolean codingsBesidesChunked() {
        return otherCodings;
    }

    /** Whether the body, if any, ends only when the replica closes the connection. */
    boolean closeDelimited() {
        return !chunked && contentLength < 0;
    }

    /** Whether the replica keeps the connection open after this response (its framing aside). */
    boolean replicaKeepsAlive() {
        return http11 ? !close : keepAlive && !close;
    }

    String error() {
        return error;
    }
}
