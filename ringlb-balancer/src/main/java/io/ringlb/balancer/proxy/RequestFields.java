package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The field lines of a request head (RFC 9112 §5, RFC 9110 §5), read where they lie: each line's
 * place, what role the proxy gives it (passed on, dropped, or one of the fields the proxy itself
 * judges), and the facts the {@link RequestHead} judges the request by. Refuses a line that is not
 * a well-formed field: obs-fold, a bad name or whitespace before the colon, a control character
 * (a bare CR included) in a value, a Content-Length that is not a number; and a block over the
 * size or count limit (431).
 */
final class RequestFields {

    static final int INCOMPLETE = -1;
    static final int REFUSED = -2;

    static final int EXPECT_NONE = 0;
    static final int EXPECT_CONTINUE = 1;
    static final int EXPECT_OTHER = 2;

    // What a line is to the proxy.
    private static final byte KEEP = 0;
    private static final byte DROP = 1;
    private static final byte HOST = 2;
    private static final byte CONTENT_LENGTH = 3;
    private static final byte TRANSFER_ENCODING = 4;
    private static final byte FORWARDED_FOR = 5;
    private static final byte UPGRADE = 6;

    private static final short CRLF = ('\r' << 8) | '\n';
    private static final byte[] COMMA_SPACE = ", ".getBytes(StandardCharsets.US_ASCII);

    private int[] start;
    private int[] end;
    private int[] nameEnd;
    private byte[] kind;
    private final ListCursor list = new ListCursor();
    private final int[] tokenStart;
    private final int[] tokenEnd;
    private int count;
    private int tokens;

    private int hosts;
    private int hostLine;
    private int contentLengths;
    private long contentLength;
    private int transferEncodings;
    private int forwardedFor;
    private boolean forwardedProto;
    private boolean connectionClose;
    private boolean connectionKeepAlive;
    private boolean connectionUpgrade;
    private boolean websocket;
    private int expectation;
    private int refusal;
    private String error;

    RequestFields(int initialLines, int maxConnectionTokens) {
        start = new int[initialLines];
        end = new int[initialLines];
        nameEnd = new int[initialLines];
        kind = new byte[initialLines];
        tokenStart = new int[maxConnectionTokens];
        tokenEnd = new int[maxConnectionTokens];
    }

    /**
     * Reads the field lines from {@code from} up to and including the empty line that ends them.
     *
     * @return the index just past the empty line, {@link #INCOMPLETE} or {@link #REFUSED}
     */
    int parse(ByteBuf buf, int from, int to, RequestLimits limits) {
        reset();
        int pos = from;
        while (true) {
            int lf = buf.indexOf(pos, to, (byte) '\n');
            if (lf < 0) {
                return to - from > limits.maxHeaderSize() ? tooLarge(limits) : INCOMPLETE;
            }
            if (lf + 1 - from > limits.maxHeaderSize()) {
                return tooLarge(limits);
            }
            int e = lf > pos && buf.getByte(lf - 1) == '\r' ? lf - 1 : lf;
            if (e == pos) {
                dropNamedFields(buf);
                return lf + 1;
            }
            if (count == limits.maxHeaderCount()) {
                return refuse(431, "more than " + limits.maxHeaderCount() + " header fields");
            }
            if (count == start.length) {
                grow();
            }
            if (!field(buf, pos, e)) {
                return REFUSED;
            }
            pos = lf + 1;
        }
    }

    private void reset() {
        count = 0;
        tokens = 0;
        hosts = 0;
        hostLine = -1;
        contentLengths = 0;
        contentLength = -1;
        transferEncodings = 0;
        forwardedFor = 0;
        forwardedProto = false;
        connectionClose = false;
        connectionKeepAlive = false;
        connectionUpgrade = false;
        websocket = false;
        expectation = EXPECT_NONE;
        refusal = 0;
        error = null;
    }

    private int tooLarge(RequestLimits limits) {
        return refuse(431, "a header block larger than " + limits.maxHeaderSize() + " bytes");
    }

    private void grow() {
        int n = start.length * 2;
        start = Arrays.copyOf(start, n);
        end = Arrays.copyOf(end, n);
        nameEnd = Arrays.copyOf(nameEnd, n);
        kind = Arrays.copyOf(kind, n);
    }

    private boolean field(ByteBuf buf, int from, int e) {
        byte first = buf.getByte(from);
        if (first == ' ' || first == '\t') {
            return refused("obsolete line folding (RFC 9112 §5.2)");
        }
        int colon = from;
        while (colon < e && HttpTokens.isTokenChar(buf.getByte(colon))) {
            colon++;
        }
        if (colon == from || colon == e || buf.getByte(colon) != ':') {
            return refused(colon < e && HttpTokens.isOws(buf.getByte(colon))
                    ? "whitespace between a header field name and its colon" : "a bad header field name");
        }
        int v = valueStart(buf, colon, e);
        int ve = valueEnd(buf, v, e);
        if (ve > v && buf.forEachByte(v, ve - v, HttpTokens.FIND_CONTROL) >= 0) {
            return refused("a control character (a bare CR, NUL, ...) in a header field value");
        }
        int line = count++;
        start[line] = from;
        end[line] = e;
        nameEnd[line] = colon;
        kind[line] = KEEP;
        return classify(buf, line, from, colon, v, ve);
    }

    /** Gives the line its role; false if its value is refused. */
    private boolean classify(ByteBuf buf, int line, int from, int colon, int v, int ve) {
        switch (colon - from) {
            case 2 -> drop(line, HttpTokens.equalsIgnoreCase(buf, from, colon, "te"));
            case 4 -> {
                if (HttpTokens.equalsIgnoreCase(buf, from, colon, "host")) {
                    kind[line] = HOST;
                    if (hosts++ == 0) {
                        hostLine = line;
                    }
                }
            }
            case 6 -> {
                if (HttpTokens.equalsIgnoreCase(buf, from, colon, "expect")) {
                    kind[line] = DROP;
                    boolean cont = HttpTokens.equalsIgnoreCase(buf, v, ve, "100-continue");
                    expectation = cont && expectation != EXPECT_OTHER ? EXPECT_CONTINUE : EXPECT_OTHER;
                }
            }
            case 7 -> {
                if (HttpTokens.equalsIgnoreCase(buf, from, colon, "upgrade")) {
                    kind[line] = UPGRADE;
                    websocket |= hasElement(buf, v, ve, "websocket");
                } else {
                    drop(line, HttpTokens.equalsIgnoreCase(buf, from, colon, "trailer"));
                }
            }
            case 10 -> {
                if (HttpTokens.equalsIgnoreCase(buf, from, colon, "connection")) {
                    kind[line] = DROP;
                    return connectionTokens(buf, v, ve);
                }
                drop(line, HttpTokens.equalsIgnoreCase(buf, from, colon, "keep-alive"));
            }
            case 14 -> {
                if (HttpTokens.equalsIgnoreCase(buf, from, colon, "content-length")) {
                    kind[line] = CONTENT_LENGTH;
                    contentLengths++;
                    return contentLength(buf, v, ve);
                }
            }
            case 15 -> {
                if (HttpTokens.equalsIgnoreCase(buf, from, colon, "x-forwarded-for")) {
                    kind[line] = FORWARDED_FOR;
                    forwardedFor++;
                }
            }
            case 16 -> drop(line, HttpTokens.equalsIgnoreCase(buf, from, colon, "proxy-connection"));
            case 17 -> {
                if (HttpTokens.equalsIgnoreCase(buf, from, colon, "transfer-encoding")) {
                    kind[line] = TRANSFER_ENCODING;
                    transferEncodings++;
                } else if (HttpTokens.equalsIgnoreCase(buf, from, colon, "x-forwarded-proto")) {
                    forwardedProto = true;
                }
            }
            default -> {
                // passed on as it is
            }
        }
        return true;
    }

    private void drop(int line, boolean hopByHop) {
        if (hopByHop) {
            kind[line] = DROP;
        }
    }

    /** {@code 1*DIGIT} (RFC 9110 §8.6); a list such as {@code 5, 5} is refused like any other ambiguity. */
    private boolean contentLength(ByteBuf buf, int v, int ve) {
        if (v == ve || ve - v > 18) {
            return refused("a bad Content-Length");
        }
        long n = 0;
        for (int i = v; i < ve; i++) {
            byte b = buf.getByte(i);
            if (b < '0' || b > '9') {
                return refused("a bad Content-Length");
            }
            n = n * 10 + (b - '0');
        }
        contentLength = n;
        return true;
    }

    private boolean connectionTokens(ByteBuf buf, int v, int ve) {
        ListCursor c = list.over(buf, v, ve);
        while (c.next()) {
            if (c.is("close")) {
                connectionClose = true;
            } else if (c.is("keep-alive")) {
                connectionKeepAlive = true;
            } else if (c.is("upgrade")) {
                connectionUpgrade = true;
            } else {
                if (tokens == tokenStart.length) {
                    return refused("more than " + tokenStart.length + " Connection options");
                }
                tokenStart[tokens] = c.start;
                tokenEnd[tokens] = c.end;
                tokens++;
            }
        }
        return true;
    }

    /**
     * Drops what Connection named (RFC 9110 §7.6.1), except the fields that frame and route the
     * request: the replica must see the same message the balancer judged.
     */
    private void dropNamedFields(ByteBuf buf) {
        for (int t = 0; t < tokens; t++) {
            for (int line = 0; line < count; line++) {
                byte k = kind[line];
                if ((k == KEEP || k == FORWARDED_FOR || k == UPGRADE)
                        && HttpTokens.regionEqualsIgnoreCase(buf, start[line], nameEnd[line], tokenStart[t], tokenEnd[t])) {
                    if (k == FORWARDED_FOR) {
                        forwardedFor--;
                    }
                    kind[line] = DROP;
                }
            }
        }
    }

    /**
     * Counts the transfer codings of every Transfer-Encoding line, as one list (RFC 9110 §5.3).
     *
     * @return how many there are (1: chunked alone), or -1 ({@link #error()} set) if chunked is
     *         not the last, appears twice, or there is none (RFC 9112 §6.1, §6.3)
     */
    int transferCodings(ByteBuf buf) {
        int codings = 0;
        int chunkedSeen = 0;
        boolean lastChunked = false;
        for (int line = 0; line < count; line++) {
            if (kind[line] != TRANSFER_ENCODING) {
                continue;
            }
            ListCursor c = list.over(buf, nameEnd[line] + 1, end[line]);
            while (c.next()) {
                codings++;
                lastChunked = c.is("chunked");
                if (lastChunked) {
                    chunkedSeen++;
                }
            }
        }
        if (codings == 0) {
            return refusedCount("an empty Transfer-Encoding");
        }
        if (chunkedSeen > 1) {
            return refusedCount("chunked more than once in Transfer-Encoding");
        }
        if (!lastChunked) {
            return refusedCount("a Transfer-Encoding whose last coding is not chunked");
        }
        return codings;
    }

    /** Whether the (one) Host value is {@code uri-host [":" port]} (RFC 9110 §7.2) or empty. */
    boolean hostValid(ByteBuf buf) {
        int v = valueStart(buf, nameEnd[hostLine], end[hostLine]);
        int ve = valueEnd(buf, v, end[hostLine]);
        return v == ve || HostSyntax.isValid(buf, v, ve);
    }

    // ------------------------------------------------------------------ writing and reading

    /**
     * Writes the lines that go to the replica, each with CRLF: all but the dropped, Host when the
     * target gave its own, Upgrade unless this is a WebSocket handshake, and X-Forwarded-For
     * (merged by {@link #writeForwardedFor}).
     */
    void writeKept(ByteBuf src, ByteBuf out, boolean dropHost, boolean websocketUpgrade) {
        for (int line = 0; line < count; line++) {
            byte k = kind[line];
            if (k == KEEP || k == CONTENT_LENGTH || k == TRANSFER_ENCODING
                    || (k == HOST && !dropHost) || (k == UPGRADE && websocketUpgrade)) {
                out.writeBytes(src, start[line], end[line] - start[line]).writeShort(CRLF);
            }
        }
    }

    /**
     * Writes the values of the X-Forwarded-For lines as one list.
     *
     * @return true if it wrote anything
     */
    boolean writeForwardedFor(ByteBuf src, ByteBuf out) {
        boolean wrote = false;
        for (int line = 0; line < count; line++) {
            if (kind[line] != FORWARDED_FOR) {
                continue;
            }
            int v = valueStart(src, nameEnd[line], end[line]);
            int ve = valueEnd(src, v, end[line]);
            if (ve > v) {
                if (wrote) {
                    out.writeBytes(COMMA_SPACE);
                }
                out.writeBytes(src, v, ve - v);
                wrote = true;
            }
        }
        return wrote;
    }

    /** The trimmed value of the {@code index}-th line named {@code lowerName}, or null. */
    String value(ByteBuf buf, String lowerName, int index) {
        int seen = 0;
        for (int line = 0; line < count; line++) {
            if (HttpTokens.equalsIgnoreCase(buf, start[line], nameEnd[line], lowerName) && seen++ == index) {
                int v = valueStart(buf, nameEnd[line], end[line]);
                return buf.toString(v, valueEnd(buf, v, end[line]) - v, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    List<String> values(ByteBuf buf, String lowerName) {
        List<String> out = new ArrayList<>(1);
        String v;
        while ((v = value(buf, lowerName, out.size())) != null) {
            out.add(v);
        }
        return out;
    }

    List<String[]> all(ByteBuf buf) {
        List<String[]> out = new ArrayList<>(count);
        for (int line = 0; line < count; line++) {
            int v = valueStart(buf, nameEnd[line], end[line]);
            out.add(new String[] {
                    buf.toString(start[line], nameEnd[line] - start[line], StandardCharsets.US_ASCII),
                    buf.toString(v, valueEnd(buf, v, end[line]) - v, StandardCharsets.ISO_8859_1)});
        }
        return out;
    }

    private boolean hasElement(ByteBuf buf, int v, int ve, String lower) {
        ListCursor c = list.over(buf, v, ve);
        while (c.next()) {
            if (c.is(lower)) {
                return true;
            }
        }
        return false;
    }

    /** Just past the colon at {@code sep}, skipping OWS. */
    private static int valueStart(ByteBuf buf, int sep, int e) {
        int v = sep + 1;
        while (v < e && HttpTokens.isOws(buf.getByte(v))) {
            v++;
        }
        return v;
    }

    private static int valueEnd(ByteBuf buf, int v, int e) {
        int ve = e;
        while (ve > v && HttpTokens.isOws(buf.getByte(ve - 1))) {
            ve--;
        }
        return ve;
    }

    private boolean refused(String why) {
        refusal = 400;
        error = why;
        return false;
    }

    private int refuse(int status, String why) {
        refusal = status;
        error = why;
        return REFUSED;
    }

    private int refusedCount(String why) {
        error = why;
        return -1;
    }

    // ------------------------------------------------------------------ facts

    int count() {
        return count;
    }

    int hosts() {
        return hosts;
    }

    int contentLengths() {
        return contentLengths;
    }

    long contentLength() {
        return contentLength;
    }

    int transferEncodings() {
        return transferEncodings;
    }

    int forwardedFor() {
        return forwardedFor;
    }

    boolean hasForwardedProto() {
        return forwardedProto;
    }

    boolean connectionClose() {
        return connectionClose;
    }

    boolean connectionKeepAlive() {
        return connectionKeepAlive;
    }

    boolean connectionUpgrade() {
        return connectionUpgrade;
    }

    boolean websocket() {
        return websocket;
    }

    int expectation() {
        return expectation;
    }

    int refusal() {
        return refusal;
    }

    String error() {
        return error;
    }
}
