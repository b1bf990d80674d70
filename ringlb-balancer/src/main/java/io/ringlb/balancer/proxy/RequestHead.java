package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A client's request head, parsed and judged where it lies in the read buffer (RFC 9112 §2-§7):
 * what the request is, how its body is framed, and whether a proxy may pass it on at all. A head
 * that could be read two ways (the root of request smuggling) is refused, never repaired.
 *
 * <p>Refused, with the status a client gets ({@link #refusal()}):
 * <table>
 * <caption>What is refused</caption>
 * <tr><th>head</th><th>status</th></tr>
 * <tr><td>request line over the line limit</td><td>414</td></tr>
 * <tr><td>field block over the size limit, or more fields than the count limit</td><td>431</td></tr>
 * <tr><td>a version other than 1.0 and 1.1, well formed ({@code HTTP/1.2}, {@code HTTP/2.0})</td><td>505</td></tr>
 * <tr><td>{@code Transfer-Encoding} with a coding besides a final {@code chunked}</td><td>501</td></tr>
 * <tr><td>{@code CONNECT}: a balancer is not a forward proxy</td><td>501</td></tr>
 * <tr><td>{@code Expect} other than {@code 100-continue}</td><td>417</td></tr>
 * <tr><td>anything else malformed or ambiguous: more than one space between the request line's
 * parts; control, space or 8-bit bytes in the target; obs-fold; a bare CR; whitespace before a
 * colon; a bad field name or value; Content-Length with Transfer-Encoding; more than one
 * Content-Length; a Transfer-Encoding whose last coding is not chunked, that repeats chunked, or in
 * an HTTP/1.0 request; HTTP/1.1 without exactly one Host; an invalid Host; absolute-form with a
 * scheme other than http or with user info</td><td>400</td></tr>
 * </table>
 *
 * <p>The head then goes to the replica as a copy ({@link #writeForReplica}): as HTTP/1.1, in
 * origin-form (an absolute-form target gives its path to the request line and its authority to
 * {@code Host}, RFC 9112 §3.2.2), without the hop-by-hop fields (RFC 9110 §7.6.1: Connection and
 * what it names, Keep-Alive, Proxy-Connection, TE, Trailer, Upgrade) and without {@code Expect},
 * which the balancer answers itself; with {@code X-Forwarded-For} and {@code X-Forwarded-Proto}.
 * A {@code Connection} field never takes {@code Content-Length}, {@code Transfer-Encoding} or
 * {@code Host} with it: the replica must frame and route the request exactly as the balancer did.
 * A WebSocket upgrade keeps its {@code Upgrade} field and gets {@code Connection: upgrade}; any
 * other upgrade is dropped (RFC 9110 §7.8 lets a server ignore it), so the replica never switches
 * protocols behind the balancer's back.
 *
 * <p>Line ends may be CRLF or a bare LF (RFC 9112 §2.2); the copy always uses CRLF. One instance
 * per client connection, reused for each request on it; the results are valid until the next
 * {@link #parse}, and positions refer to the buffer given to it.
 */
final class RequestHead {

    /** {@link #parse} result: the head has not all arrived yet. */
    static final int INCOMPLETE = -1;
    /** {@link #parse} result: the head is refused; {@link #refusal()} and {@link #error()} say how. */
    static final int REFUSED = -2;

    private static final int INITIAL_LINES = 24;
    private static final int MAX_CONNECTION_TOKENS = 16;
    private static final short CRLF = ('\r' << 8) | '\n';
    private static final byte[] HTTP_11 = "HTTP/1.1".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HOST = "host: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_UPGRADE = "connection: upgrade\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XFF = "x-forwarded-for: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] XFP_HTTP = "x-forwarded-proto: http\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COMMA_SPACE = ", ".getBytes(StandardCharsets.US_ASCII);

    private final RequestLimits limits;
    private final RequestFields fields = new RequestFields(INITIAL_LINES, MAX_CONNECTION_TOKENS);

    private int lineStart;
    private int lineEnd;
    private HttpMethodKind method;
    private int targetStart;
    private int targetEnd;
    /** Where the origin-form part of the target starts (equal to {@link #targetStart} unless absolute-form). */
    private int pathStart;
    private int authorityStart;
    private int authorityEnd;
    private boolean http10;
    private int length;
    private int refusal;
    private String error;

    RequestHead(RequestLimits limits) {
        this.limits = limits;
    }

    /**
     * Parses the head that starts at {@code from}, where the caller skipped any empty lines a
     * client may send between requests (RFC 9112 §2.2).
     *
     * @return the index just past the head's empty line, {@link #INCOMPLETE} or {@link #REFUSED}
     */
    int parse(ByteBuf buf, int from, int to) {
        refusal = 0;
        error = null;
        method = null;
        int lf = buf.indexOf(from, Math.min(to, from + limits.maxRequestLine() + 2), (byte) '\n');
        if (lf < 0) {
            return to - from > limits.maxRequestLine() + 1
                    ? refuse(414, "a request line longer than " + limits.maxRequestLine() + " bytes")
                    : INCOMPLETE;
        }
        int end = lf > from && buf.getByte(lf - 1) == '\r' ? lf - 1 : lf;
        if (end - from > limits.maxRequestLine()) {
            return refuse(414, "a request line longer than " + limits.maxRequestLine() + " bytes");
        }
        lineStart = from;
        lineEnd = end;
        if (!requestLine(buf, from, end)) {
            return REFUSED;
        }
        int fieldsEnd = fields.parse(buf, lf + 1, to, limits);
        if (fieldsEnd < 0) {
            if (fieldsEnd == RequestFields.INCOMPLETE) {
                return INCOMPLETE;
            }
            return refuse(fields.refusal(), fields.error());
        }
        length = fieldsEnd - from;
        return judge(buf) ? fieldsEnd : REFUSED;
    }

    /** {@code method SP request-target SP HTTP-version}, exactly one space apart (RFC 9112 §3). */
    private boolean requestLine(ByteBuf buf, int from, int end) {
        int sp1 = from;
        while (sp1 < end && HttpTokens.isTokenChar(buf.getByte(sp1))) {
            sp1++;
        }
        if (sp1 == from || sp1 == end || buf.getByte(sp1) != ' ') {
            return refused(400, "a bad method in the request line");
        }
        method = HttpMethodKind.of(buf, from, sp1);
        targetStart = sp1 + 1;
        int sp2 = targetStart;
        while (sp2 < end && isTargetChar(buf.getByte(sp2))) {
            sp2++;
        }
        if (sp2 == targetStart || sp2 == end || buf.getByte(sp2) != ' ') {
            return refused(400, sp2 < end && buf.getByte(sp2) != ' ' || sp2 == targetStart
                    ? "a control, space or non-ASCII byte in the request target" : "a request line without a version");
        }
        targetEnd = sp2;
        if (!version(buf, sp2 + 1, end)) {
            return false;
        }
        if (method == HttpMethodKind.CONNECT) {
            return refused(501, "CONNECT: this balancer is not a forward proxy");
        }
        return targetForm(buf);
    }

    /** {@code HTTP/1.0} or {@code HTTP/1.1}; another well-formed version is a 505 (RFC 9110 §15.6.6). */
    private boolean version(ByteBuf buf, int from, int end) {
        if (end - from != 8 || buf.getInt(from) != 0x48545450 /* HTTP */ || buf.getByte(from + 4) != '/'
                || !isDigit(buf.getByte(from + 5)) || buf.getByte(from + 6) != '.' || !isDigit(buf.getByte(from + 7))) {
            return refused(400, "a bad HTTP version in the request line");
        }
        if (buf.getByte(from + 5) != '1' || (buf.getByte(from + 7) != '0' && buf.getByte(from + 7) != '1')) {
            return refused(505, "HTTP version " + buf.toString(from + 5, 3, StandardCharsets.US_ASCII)
                    + " is not supported; use HTTP/1.1 or HTTP/1.0");
        }
        http10 = buf.getByte(from + 7) == '0';
        return true;
    }

    /** Origin-form, absolute-form with http, or {@code *} for OPTIONS (RFC 9112 §3.2). */
    private boolean targetForm(ByteBuf buf) {
        pathStart = targetStart;
        authorityStart = -1;
        byte first = buf.getByte(targetStart);
        if (first == '/') {
            return true;
        }
        if (first == '*' && targetEnd == targetStart + 1) {
            return method == HttpMethodKind.OPTIONS || refused(400, "the target * is only for OPTIONS");
        }
        int colon = buf.indexOf(targetStart, targetEnd, (byte) ':');
        if (colon < 0 || targetEnd - colon < 3 || buf.getByte(colon + 1) != '/' || buf.getByte(colon + 2) != '/') {
            return refused(400, "a request target that is neither a path nor an absolute http URI");
        }
        if (!HttpTokens.equalsIgnoreCase(buf, targetStart, colon, "http")) {
            return refused(400, "an absolute-form target whose scheme is not http");
        }
        authorityStart = colon + 3;
        int a = authorityStart;
        while (a < targetEnd && buf.getByte(a) != '/' && buf.getByte(a) != '?') {
            a++;
        }
        authorityEnd = a;
        pathStart = a;
        if (buf.indexOf(authorityStart, authorityEnd, (byte) '@') >= 0) {
            return refused(400, "user info in the request target");
        }
        if (authorityEnd == authorityStart || !HostSyntax.isValid(buf, authorityStart, authorityEnd)) {
            return refused(400, "a bad authority in the request target");
        }
        return true;
    }

    /** The rules that need the whole head: framing, Host, expectations, upgrades. */
    private boolean judge(ByteBuf buf) {
        RequestFields f = fields;
        if (f.transferEncodings() > 0) {
            if (http10) {
                return refused(400, "Transfer-Encoding in an HTTP/1.0 request");
            }
            if (f.contentLengths() > 0) {
                return refused(400, "both Transfer-Encoding and Content-Length");
            }
            int codings = f.transferCodings(buf);
            if (codings < 0) {
                return refused(400, f.error());
            }
            if (codings > 1) {
                return refused(501, "a transfer coding other than chunked");
            }
        }
        if (f.contentLengths() > 1) {
            return refused(400, "more than one Content-Length");
        }
        if (f.hosts() > 1) {
            return refused(400, "more than one Host");
        }
        if (f.hosts() == 0 && !http10) {
            return refused(400, "an HTTP/1.1 request without Host");
        }
        if (f.hosts() == 1 && !f.hostValid(buf)) {
            return refused(400, "an invalid Host");
        }
        if (f.expectation() == RequestFields.EXPECT_OTHER && !http10) {
            return refused(417, "an expectation other than 100-continue");
        }
        return true;
    }

    private int refuse(int status, String why) {
        refused(status, why);
        return REFUSED;
    }

    private boolean refused(int status, String why) {
        refusal = status;
        error = why;
        return false;
    }

    // ------------------------------------------------------------------ results

    /** The status to refuse with, after {@link #REFUSED}. */
    int refusal() {
        return refusal;
    }

    /** Why the head was refused, after {@link #REFUSED}. */
    String error() {
        return error;
    }

    /** The method; null if the head was refused before its method was read. */
    HttpMethodKind method() {
        return method;
    }

    /** The method as text (for the balancer's own endpoints and messages). */
    String methodName(ByteBuf buf) {
        return buf.toString(lineStart, targetStart - 1 - lineStart, StandardCharsets.US_ASCII);
    }

    boolean http10() {
        return http10;
    }

    /** Whether the client keeps the connection open after this exchange (RFC 9112 §9.3). */
    boolean clientKeepsAlive() {
        return http10 ? fields.connectionKeepAlive() && !fields.connectionClose() : !fields.connectionClose();
    }

    /** The body's length: 0 for none, -1 if chunked. A request without framing has no body (RFC 9112 §6.3). */
    long contentLength() {
        return fields.transferEncodings() > 0 ? -1 : Math.max(0, fields.contentLength());
    }

    boolean chunked() {
        return fields.transferEncodings() > 0;
    }

    /** Whether the client waits for {@code 100 Continue} before it sends the body. */
    boolean expectsContinue() {
        return !http10 && fields.expectation() == RequestFields.EXPECT_CONTINUE;
    }

    /** A WebSocket opening handshake (RFC 6455 §4.1): GET, HTTP/1.1, no body, Upgrade: websocket, Connection: upgrade. */
    boolean websocketUpgrade() {
        return method == HttpMethodKind.GET && !http10 && fields.websocket() && fields.connectionUpgrade()
                && contentLength() == 0;
    }

    /** The target in origin-form (what the replica gets), as text: admin routing, hash keys, messages. */
    String target(ByteBuf buf) {
        if (pathStart == targetEnd) {
            return "/";
        }
        String t = buf.toString(pathStart, targetEnd - pathStart, StandardCharsets.US_ASCII);
        return t.charAt(0) == '?' ? "/" + t : t;
    }

    /** The first value of field {@code lowerName}, or null. */
    String header(ByteBuf buf, String lowerName) {
        return fields.value(buf, lowerName, 0);
    }

    /** Every value of field {@code lowerName}, in order (for Cookie, which may come in several fields). */
    java.util.List<String> headers(ByteBuf buf, String lowerName) {
        return fields.values(buf, lowerName);
    }

    /** The fields as name/value pairs, in order, for the balancer's own endpoints (not the hot path). */
    java.util.List<String[]> allFields(ByteBuf buf) {
        return fields.all(buf);
    }

    /** Whether the copy needs a {@code Host} naming the replica: an HTTP/1.0 request that had none. */
    boolean needsReplicaHost() {
        return fields.hosts() == 0 && authorityStart < 0;
    }

    /** Most bytes {@link #writeForReplica} may write for a client address of {@code ipLength}. */
    int replicaLengthBound(int ipLength) {
        return length + fields.count() * 2 + 8 + HOST.length + (authorityEnd - authorityStart) + 2 + CONNECTION_UPGRADE.length
                + XFF.length + 2 + ipLength + 2 + XFP_HTTP.length + 2;
    }

    /**
     * Writes the head as the replica gets it (see the class comment). The final empty line is left
     * out when {@link #needsReplicaHost()}: the caller adds the replica's Host, then the line.
     *
     * @param src the buffer {@link #parse} read
     * @param clientIp the client's address, appended to {@code X-Forwarded-For} (null: none)
     */
    void writeForReplica(ByteBuf src, ByteBuf out, byte[] clientIp) {
        out.writeBytes(src, lineStart, targetStart - lineStart);
        if (pathStart == targetEnd) {
            out.writeByte('/');
        } else {
            if (src.getByte(pathStart) == '?') {
                out.writeByte('/');
            }
            out.writeBytes(src, pathStart, targetEnd - pathStart);
        }
        out.writeByte(' ').writeBytes(HTTP_11).writeShort(CRLF);
        boolean websocket = websocketUpgrade();
        fields.writeKept(src, out, authorityStart >= 0, websocket);
        if (authorityStart >= 0) {
            out.writeBytes(HOST).writeBytes(src, authorityStart, authorityEnd - authorityStart).writeShort(CRLF);
        }
        if (websocket) {
            out.writeBytes(CONNECTION_UPGRADE);
        }
        if (clientIp != null || fields.forwardedFor() > 0) {
            out.writeBytes(XFF);
            boolean wrote = fields.writeForwardedFor(src, out);
            if (clientIp != null) {
                if (wrote) {
                    out.writeBytes(COMMA_SPACE);
                }
                out.writeBytes(clientIp);
            }
            out.writeShort(CRLF);
        }
        if (!fields.hasForwardedProto()) {
            out.writeBytes(XFP_HTTP);
        }
        if (!needsReplicaHost()) {
            out.writeShort(CRLF);
        }
    }

    /** The lines {@link #writeForReplica} left out for an HTTP/1.0 request without Host. */
    static byte[] replicaHostEnd(String hostAndPort) {
        byte[] host = hostAndPort.getBytes(StandardCharsets.US_ASCII);
        byte[] out = Arrays.copyOf(HOST, HOST.length + host.length + 4);
        System.arraycopy(host, 0, out, HOST.length, host.length);
        int i = HOST.length + host.length;
        out[i] = '\r';
        out[i + 1] = '\n';
        out[i + 2] = '\r';
        out[i + 3] = '\n';
        return out;
    }

    /** Visible ASCII (RFC 3986 characters and the few others servers accept): no control, space, DEL or 8-bit byte. */
    private static boolean isTargetChar(byte b) {
        return b > 0x20 && b < 0x7f;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }
}
