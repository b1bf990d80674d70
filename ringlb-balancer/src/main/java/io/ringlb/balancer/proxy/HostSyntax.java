package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;

/**
 * The syntax of a {@code Host} value or a target's authority without user info:
 * {@code uri-host [":" port]} (RFC 9110 §7.2, RFC 3986 §3.2.2). A host is a bracketed IPv6
 * literal or a reg-name (which covers IPv4 addresses and DNS names): unreserved characters,
 * percent-encodings and sub-delims. Anything else (spaces, slashes, {@code @}, control or 8-bit
 * bytes) could make the replica read a different host than the balancer did.
 */
final class HostSyntax {

    private static final boolean[] REG_NAME = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            REG_NAME[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            REG_NAME[c] = true;
            REG_NAME[c - 32] = true;
        }
        for (char c : "-._~!$&'()*+,;=".toCharArray()) {
            REG_NAME[c] = true;
        }
    }

    private HostSyntax() {
    }

    /** Whether {@code [from, to)} is {@code uri-host [":" port]}, the host not empty, the port at most 5 digits. */
    static boolean isValid(ByteBuf buf, int from, int to) {
        int hostEnd;
        if (buf.getByte(from) == '[') {
            int close = buf.indexOf(from, to, (byte) ']');
            if (close < from + 3) {
                return false;
            }
            for (int i = from + 1; i < close; i++) {
                byte b = buf.getByte(i);
                if (!(b == ':' || b == '.' || hex(b))) {
                    return false;
                }
            }
            hostEnd = close + 1;
        } else {
            hostEnd = from;
            while (hostEnd < to && buf.getByte(hostEnd) != ':') {
                byte b = buf.getByte(hostEnd);
                if (b == '%') {
                    if (hostEnd + 2 >= to || !hex(buf.getByte(hostEnd + 1)) || !hex(buf.getByte(hostEnd + 2))) {
                        return false;
                    }
                    hostEnd += 3;
                    continue;
                }
                if (b < 0 || !REG_NAME[b]) {
                    return false;
                }
                hostEnd++;
            }
            if (hostEnd == from) {
                return false;
            }
        }
        if (hostEnd == to) {
            return true;
        }
        if (buf.getByte(hostEnd) != ':' || to - hostEnd - 1 > 5) {
            return false;
        }
        for (int i = hostEnd + 1; i < to; i++) {
            byte b = buf.getByte(i);
            if (b < '0' || b > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean hex(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
    }
}
