package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;
import io.ringlb.balancer.traffic.RequestTrace;
import io.ringlb.core.KeyHasher;
import io.ringlb.core.RequestIds;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Where a request's hash key comes from: a comma list of sources tried in order, the first that
 * yields a non-empty value winning. Sources: {@code header:NAME}, {@code cookie:NAME},
 * {@code query:NAME}, {@code path} (the URI without its query), {@code uri} (the whole
 * request-target), {@code ip} (the client's address) and {@code random} (a random 6-digit request
 * id, as the assignment's clients send). Without a winner, the request gets a random id.
 */
public final class HashKey {

    /** The default: the client's {@code X-Request-Id}, else a random request id. */
    public static final String DEFAULT = "header:X-Request-Id,random";

    enum Kind { HEADER, COOKIE, QUERY, PATH, URI, IP, RANDOM }

    /** One source; {@code lowerName} is {@code name} in lower case, as header lookups compare it. */
    record Source(Kind kind, String name, String lowerName) {
        @Override
        public String toString() {
            return name == null ? kind.name().toLowerCase(Locale.ROOT) : kind.name().toLowerCase(Locale.ROOT) + ":" + name;
        }
    }

    private final Source[] sources;
    /** Each source as written in {@code --hash-key}, for the access log and {@code /ring}. */
    private final String[] labels;

    private HashKey(List<Source> sources) {
        this.sources = sources.toArray(Source[]::new);
        this.labels = sources.stream().map(Source::toString).toArray(String[]::new);
    }

    /**
     * Parses a {@code --hash-key} value.
     *
     * @throws IllegalArgumentException with a message that names the bad part
     */
    public static HashKey parse(String spec) {
        List<Source> list = new ArrayList<>();
        for (String raw : spec.split(",", -1)) {
            String part = raw.trim();
            int colon = part.indexOf(':');
            String kindName = (colon < 0 ? part : part.substring(0, colon)).toLowerCase(Locale.ROOT);
            String name = colon < 0 ? null : part.substring(colon + 1).trim();
            Kind kind = switch (kindName) {
                case "header" -> Kind.HEADER;
                case "cookie" -> Kind.COOKIE;
                case "query" -> Kind.QUERY;
                case "path" -> Kind.PATH;
                case "uri" -> Kind.URI;
                case "ip" -> Kind.IP;
                case "random" -> Kind.RANDOM;
                default -> throw new IllegalArgumentException("unknown hash key source '" + part
                        + "' (expected header:NAME, cookie:NAME, query:NAME, path, uri, ip or random)");
            };
            boolean named = kind == Kind.HEADER || kind == Kind.COOKIE || kind == Kind.QUERY;
            if (named && (name == null || name.isEmpty())) {
                throw new IllegalArgumentException("hash key source '" + part + "' needs a name, e.g. " + kindName + ":X-User");
            }
            if (!named && name != null) {
                throw new IllegalArgumentException("hash key source '" + kindName + "' takes no name, got '" + part + "'");
            }
            if (!list.isEmpty() && list.get(list.size() - 1).kind() == Kind.RANDOM) {
                throw new IllegalArgumentException("'random' always yields a key, so '" + part + "' after it would never be used");
            }
            list.add(new Source(kind, name, name == null ? null : name.toLowerCase(Locale.ROOT)));
        }
        return new HashKey(list);
    }

    /**
     * The ring key for a request. Tells {@code trace} (unless null) which source gave the key
     * and its value, for the access log.
     *
     * @param head   the request's head, parsed from {@code src}
     * @param target the request target in origin-form
     * @param clientIp the client's address as text, or null
     */
    long key(RequestHead head, ByteBuf src, String target, String clientIp, KeyHasher hasher, RequestTrace trace) {
        for (int i = 0; i < sources.length; i++) {
            Source s = sources[i];
            String v = switch (s.kind()) {
                case HEADER -> head.header(src, s.lowerName());
                case COOKIE -> cookie(head.headers(src, "cookie"), s.name());
                case QUERY -> {
                    List<String> q = new QueryStringDecoder(target).parameters().get(s.name());
                    yield q == null || q.isEmpty() ? null : q.get(0);
                }
                case PATH -> {
                    int q = target.indexOf('?');
                    yield q < 0 ? target : target.substring(0, q);
                }
                case URI -> target;
                case IP -> clientIp;
                case RANDOM -> null;
            };
            if (s.kind() == Kind.RANDOM) {
                return randomKey(hasher, trace, labels[i]);
            }
            // path and uri always yield a key, even an empty one; the others only a non-empty value
            if (v != null && (!v.isEmpty() || s.kind() == Kind.PATH || s.kind() == Kind.URI)) {
                if (trace != null) {
                    trace.keyFrom(labels[i], v, -1);
                }
                return hasher.hashKey(v);
            }
        }
        return randomKey(hasher, trace, "random");
    }

    private static long randomKey(KeyHasher hasher, RequestTrace trace, String label) {
        int id = RequestIds.random();
        if (trace != null) {
            trace.keyFrom(label, null, id);
        }
        return hasher.hashRequestId(id);
    }

    /**
     * The ring key of the request whose head is {@code rawHead} (for {@code GET /ring}: "where
     * would such a request go?"), read by the proxy's own request parser with the default limits.
     * Tells {@code trace} which source gave it.
     *
     * @throws IllegalArgumentException if the head is not a valid HTTP/1.1 request head
     */
    public long keyOf(String rawHead, String clientIp, KeyHasher hasher, RequestTrace trace) {
        ByteBuf buf = Unpooled.wrappedBuffer(rawHead.getBytes(StandardCharsets.ISO_8859_1));
        RequestHead head = new RequestHead(RequestLimits.DEFAULTS);
        int end = head.parse(buf, 0, buf.writerIndex());
        if (end < 0) {
            throw new IllegalArgumentException(end == RequestHead.INCOMPLETE ? "an incomplete request head" : head.error());
        }
        return key(head, buf, head.target(buf), clientIp, hasher, trace);
    }

    private static String cookie(List<String> headers, String name) {
        for (String header : headers) {
            for (Cookie c : ServerCookieDecoder.LAX.decodeAll(header)) {
                if (c.name().equals(name)) {
                    return c.value();
                }
            }
        }
        return null;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Source s : sources) {
            sb.append(sb.length() == 0 ? "" : ",").append(s);
        }
        return sb.toString();
    }
}
