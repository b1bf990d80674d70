package io.ringlb.balancer.proxy;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;

/** Header edits a proxy makes to requests (RFC 9110 §7.6.1 for hop-by-hop fields); {@link ResponseHead} edits responses. */
final class ProxyHeaders {

    static final AsciiString X_FORWARDED_FOR = AsciiString.cached("x-forwarded-for");
    static final AsciiString X_FORWARDED_PROTO = AsciiString.cached("x-forwarded-proto");
    static final AsciiString PROXY_CONNECTION = AsciiString.cached("proxy-connection");
    static final AsciiString HTTP = AsciiString.cached("http");

    private ProxyHeaders() {
    }

    /**
     * Removes the fields that describe one connection rather than the message: those named in
     * {@code Connection}, and Connection, Keep-Alive, Proxy-Connection, TE, Trailer and Upgrade.
     * {@code Transfer-Encoding} stays: it frames the body the proxy passes on.
     */
    static void removeHopByHop(HttpHeaders h) {
        String connection = h.get(HttpHeaderNames.CONNECTION);
        if (connection != null) {
            removeNamedIn(connection, h);
            h.remove(HttpHeaderNames.CONNECTION);
        }
        if (h.contains(HttpHeaderNames.KEEP_ALIVE)) {
            h.remove(HttpHeaderNames.KEEP_ALIVE);
        }
        if (h.contains(PROXY_CONNECTION)) {
            h.remove(PROXY_CONNECTION);
        }
        if (h.contains(HttpHeaderNames.TE)) {
            h.remove(HttpHeaderNames.TE);
        }
        if (h.contains(HttpHeaderNames.TRAILER)) {
            h.remove(HttpHeaderNames.TRAILER);
        }
        if (h.contains(HttpHeaderNames.UPGRADE)) {
            h.remove(HttpHeaderNames.UPGRADE);
        }
    }

    /**
     * Removes the fields a {@code Connection} value names, except the usual {@code close} and
     * {@code keep-alive}, which name no field; those alone cost no allocation.
     */
    private static void removeNamedIn(String connection, HttpHeaders h) {
        int start = 0;
        int len = connection.length();
        while (start < len) {
            int comma = connection.indexOf(',', start);
            int end = comma < 0 ? len : comma;
            int a = start;
            int b = end;
            while (a < b && connection.charAt(a) == ' ') {
                a++;
            }
            while (b > a && connection.charAt(b - 1) == ' ') {
                b--;
            }
            if (b > a && !isToken(connection, a, b, "close") && !isToken(connection, a, b, "keep-alive")) {
                h.remove(connection.substring(a, b));
            }
            start = end + 1;
        }
    }

    private static boolean isToken(String s, int from, int to, String token) {
        return to - from == token.length() && s.regionMatches(true, from, token, 0, token.length());
    }

    /** Adds the client to {@code X-Forwarded-For} and sets {@code X-Forwarded-Proto: http} if absent. */
    static void addForwarded(HttpHeaders h, String clientIp) {
        if (clientIp != null) {
            String prior = h.get(X_FORWARDED_FOR);
            h.set(X_FORWARDED_FOR, prior == null ? clientIp : prior + ", " + clientIp);
        }
        if (!h.contains(X_FORWARDED_PROTO)) {
            h.set(X_FORWARDED_PROTO, HTTP);
        }
    }
}
