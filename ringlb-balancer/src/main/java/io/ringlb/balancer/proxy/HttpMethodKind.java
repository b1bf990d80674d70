package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.ringlb.balancer.traffic.MethodClass;

/**
 * The request methods the proxy treats in a particular way, recognised from the request line's
 * bytes without making a string (methods are case-sensitive, RFC 9110 §9.1). Any other method is
 * {@link #OTHER} and is passed on as it is.
 */
enum HttpMethodKind {
    GET(true), HEAD(true), POST(false), PUT(true), DELETE(true), OPTIONS(true), TRACE(true), PATCH(false),
    CONNECT(false), OTHER(false);

    private final boolean idempotent;
    private final byte[] bytes;

    HttpMethodKind(boolean idempotent) {
        this.idempotent = idempotent;
        this.bytes = name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /** The method as the metrics' {@code method} label counts it. */
    MethodClass metricsClass() {
        return switch (this) {
            case GET -> MethodClass.GET;
            case HEAD -> MethodClass.HEAD;
            case POST -> MethodClass.POST;
            case PUT -> MethodClass.PUT;
            case DELETE -> MethodClass.DELETE;
            default -> MethodClass.OTHER;
        };
    }

    /** Whether the method is idempotent (RFC 9110 §9.2.2), so that a request may be sent again. */
    boolean idempotent() {
        return idempotent;
    }

    private static final HttpMethodKind[] KNOWN = {GET, HEAD, POST, PUT, DELETE, OPTIONS, TRACE, PATCH, CONNECT};

    /** The kind of the method in {@code [from, to)}. */
    static HttpMethodKind of(ByteBuf buf, int from, int to) {
        int n = to - from;
        for (HttpMethodKind k : KNOWN) {
            if (k.bytes.length == n && matches(buf, from, k.bytes)) {
                return k;
            }
        }
        return OTHER;
    }

    private static boolean matches(ByteBuf buf, int from, byte[] name) {
        for (int i = 0; i < name.length; i++) {
            if (buf.getByte(from + i) != name[i]) {
                return false;
            }
        }
        return true;
    }
}
