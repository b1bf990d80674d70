package io.ringlb.balancer.traffic;

/**
 * What is known of one request as it goes through the balancer, filled in by its
 * {@link TrafficRecorder} at the exchange's few recording points and read when it ends (counted,
 * and copied into the access log). Confined to the connection's event loop, except for the copies
 * in a {@link TraceRing}, which its consumer reads. A connection reuses one trace for its requests
 * one after another ({@link #reset}).
 */
public final class RequestTrace {

    /** Which kind of request this was: the access log's {@code kind}. */
    public enum Kind {
        /** Routed to replicas (whatever happened there: answered, retried, failed, timed out). */
        PROXIED,
        /** An admin endpoint ({@code /rep}, {@code /add}, {@code /rm}, ...). */
        ADMIN,
        /** Refused before any routing: malformed, too large, unsupported. */
        REFUSED;

        private final String label = name().toLowerCase(java.util.Locale.ROOT);

        public String label() {
            return label;
        }
    }

    Kind kind;
    MethodClass methodClass;
    long startNanos;
    long upstreamNanos;
    long endNanos;
    long startMillis;
    String clientIp;
    String method;
    String target;
    String protocol;
    String requestId;
    String userAgent;
    String referer;
    int status;
    long bytesSent;
    long bytesReceived;
    String replica;
    /** The counter cell of the current replica for this loop (null: none, or metrics off). */
    long[] cell;
    int retries;
    String keySource;
    CharSequence keyValue;
    long keyNumber = -1;
    LocalReply local;
    boolean complete;

    /** Forgets the previous request; returns this. */
    RequestTrace reset() {
        kind = null;
        methodClass = null;
        startNanos = 0;
        upstreamNanos = 0;
        endNanos = 0;
        startMillis = 0;
        clientIp = null;
        method = null;
        target = null;
        protocol = null;
        requestId = null;
        userAgent = null;
        referer = null;
        status = 0;
        bytesSent = 0;
        bytesReceived = 0;
        replica = null;
        cell = null;
        retries = 0;
        keySource = null;
        keyValue = null;
        keyNumber = -1;
        local = null;
        complete = false;
        return this;
    }

    /** Copies what the access log needs from {@code t} (a slot of a {@link TraceRing} takes a copy). */
    void copyFrom(RequestTrace t) {
        kind = t.kind;
        methodClass = t.methodClass;
        startNanos = t.startNanos;
        upstreamNanos = t.upstreamNanos;
        endNanos = t.endNanos;
        startMillis = t.startMillis;
        clientIp = t.clientIp;
        method = t.method;
        target = t.target;
        protocol = t.protocol;
        requestId = t.requestId;
        userAgent = t.userAgent;
        referer = t.referer;
        status = t.status;
        bytesSent = t.bytesSent;
        bytesReceived = t.bytesReceived;
        replica = t.replica;
        cell = null;
        retries = t.retries;
        keySource = t.keySource;
        keyValue = t.keyValue;
        keyNumber = t.keyNumber;
        local = t.local;
        complete = t.complete;
    }

    /**
     * The hash key this request was routed by: which {@code --hash-key} source yielded it, and its
     * value (text, or a number for a random request id).
     */
    public void keyFrom(String source, CharSequence value, long number) {
        keySource = source;
        keyValue = value;
        keyNumber = number;
    }

    public Kind kind() {
        return kind;
    }

    /** Wall-clock time the request's head arrived, in epoch milliseconds. */
    public long startMillis() {
        return startMillis;
    }

    /** From the request's head to the response's last byte (or to the end of the exchange). */
    public long totalNanos() {
        return endNanos - startNanos;
    }

    /** From the first attempt at a replica to the end; -1 if no replica was tried. */
    public long upstreamNanos() {
        return upstreamNanos == 0 ? -1 : endNanos - upstreamNanos;
    }

    public String clientIp() {
        return clientIp;
    }

    public String method() {
        return method;
    }

    /** The request-target as received (path and query). */
    public String target() {
        return target;
    }

    public String protocol() {
        return protocol;
    }

    /** The client's {@code X-Request-Id}, or null. */
    public String requestId() {
        return requestId;
    }

    public String userAgent() {
        return userAgent;
    }

    public String referer() {
        return referer;
    }

    /** The status the client got (0 if it got none: it left first). */
    public int status() {
        return status;
    }

    /** Response bytes written to the client (head and body). */
    public long bytesSent() {
        return bytesSent;
    }

    /** Request body bytes received from the client. */
    public long bytesReceived() {
        return bytesReceived;
    }

    /** The replica of the last attempt, or null. */
    public String replica() {
        return replica;
    }

    /** Attempts that failed and moved on to another replica. */
    public int retries() {
        return retries;
    }

    /** The {@code --hash-key} source that gave the key (e.g. {@code header:X-Request-Id}), or null. */
    public String keySource() {
        return keySource;
    }

    /** The key's value: text, or null when it was a number ({@link #keyNumber}). */
    public CharSequence keyValue() {
        return keyValue;
    }

    /** A random request id used as key, or -1. */
    public long keyNumber() {
        return keyNumber;
    }

    /** Why the balancer answered itself, or null if the answer came from a replica. */
    public LocalReply local() {
        return local;
    }

    /** Whether the whole response reached the client (false: the client left, or the response broke off). */
    public boolean complete() {
        return complete;
    }
}
