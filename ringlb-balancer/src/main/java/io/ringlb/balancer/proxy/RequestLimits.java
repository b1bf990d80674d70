package io.ringlb.balancer.proxy;

/**
 * How big a request may be. Past a limit the request is refused before any of it reaches a
 * replica (RFC 9110 §15.5.14, §15.5.15; RFC 6585 §5).
 *
 * @param maxRequestLine  bytes of the request line (414 past it)
 * @param maxHeaderSize   bytes of the header field block (431 past it)
 * @param maxHeaderCount  header field lines (431 past it)
 * @param maxRequestBody  body bytes, or 0 for no limit (413 past it)
 */
public record RequestLimits(int maxRequestLine, int maxHeaderSize, int maxHeaderCount, long maxRequestBody) {

    public static final int DEFAULT_MAX_REQUEST_LINE = 8 * 1024;
    public static final int DEFAULT_MAX_HEADER_SIZE = 16 * 1024;
    public static final int DEFAULT_MAX_HEADER_COUNT = 100;

    /** The defaults: 8 KiB request line, 16 KiB of header fields, 100 fields, no body limit. */
    public static final RequestLimits DEFAULTS = new RequestLimits(
            DEFAULT_MAX_REQUEST_LINE, DEFAULT_MAX_HEADER_SIZE, DEFAULT_MAX_HEADER_COUNT, 0);

    public RequestLimits {
        if (maxRequestLine < 16 || maxHeaderSize < 64 || maxHeaderCount < 1 || maxRequestBody < 0) {
            throw new IllegalArgumentException("request limits too small: line " + maxRequestLine + ", header "
                    + maxHeaderSize + ", fields " + maxHeaderCount + ", body " + maxRequestBody);
        }
    }

    /** Whether a body of {@code bytes} is over the limit. */
    boolean bodyTooLarge(long bytes) {
        return maxRequestBody > 0 && bytes > maxRequestBody;
    }
}
