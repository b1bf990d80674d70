package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/** Byte-level helpers for HTTP/1.1 syntax (RFC 9110 §5.6), on ASCII bytes in a buffer. */
final class HttpTokens {

    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 32] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HttpTokens() {
    }

    static boolean isTokenChar(byte b) {
        return b >= 0 && TCHAR[b];
    }

    /** Whether bytes {@code [from, to)} are {@code lower} (given in lower case), ignoring ASCII case. */
    static boolean equalsIgnoreCase(ByteBuf buf, int from, int to, String lower) {
        if (to - from != lower.length()) {
            return false;
        }
        for (int i = 0; i < lower.length(); i++) {
            if (toLower(buf.getByte(from + i)) != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Whether two byte ranges of one buffer are equal, ignoring ASCII case. */
    static boolean regionEqualsIgnoreCase(ByteBuf buf, int a, int aEnd, int b, int bEnd) {
        if (aEnd - a != bEnd - b) {
            return false;
        }
        for (int i = 0; i < aEnd - a; i++) {
            if (toLower(buf.getByte(a + i)) != toLower(buf.getByte(b + i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * A control character other than HTAB, or DEL: not allowed in a field value, a reason phrase
     * or a chunk extension (RFC 9110 §5.5). Bytes 0x80-0xFF are obs-text, which is allowed.
     */
    static boolean isControl(byte b) {
        return (b >= 0 && b < 0x20 && b != '\t') || b == 0x7f;
    }

    /** For {@link ByteBuf#forEachByte}: stops at the first {@linkplain #isControl control character}. */
    static final ByteProcessor FIND_CONTROL = b -> !isControl(b);

    /** For {@link ByteBuf#forEachByte}: stops at the first byte that is not a {@linkplain #isTokenChar token character}. */
    static final ByteProcessor FIND_NON_TOKEN = HttpTokens::isTokenChar;

    static boolean isOws(byte b) {
        return b == ' ' || b == '\t';
    }

    private static int toLower(byte b) {
        return b >= 'A' && b <= 'Z' ? b + 32 : b;
    }
}
