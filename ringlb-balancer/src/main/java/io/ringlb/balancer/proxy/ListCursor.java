package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;

/**
 * Walks the elements of a comma-separated field value (RFC 9110 §5.6.1) where it lies in a
 * buffer: each element trimmed of whitespace, empty ones skipped, as a recipient must accept
 * them. Reusable, so that a parser walks lists without allocating.
 */
final class ListCursor {

    /** The current element: {@code [start, end)}. */
    int start;
    int end;
    private ByteBuf buf;
    private int pos;
    private int to;

    /** Starts a walk over {@code [from, to)}. */
    ListCursor over(ByteBuf b, int from, int limit) {
        buf = b;
        pos = from;
        to = limit;
        return this;
    }

    /** Moves to the next non-empty element; false when there is none. */
    boolean next() {
        while (pos <= to) {
            int comma = buf.indexOf(pos, to, (byte) ',');
            int e = comma < 0 ? to : comma;
            int a = pos;
            int b = e;
            while (a < b && HttpTokens.isOws(buf.getByte(a))) {
                a++;
            }
            while (b > a && HttpTokens.isOws(buf.getByte(b - 1))) {
                b--;
            }
            pos = e + 1;
            if (b > a) {
                start = a;
                end = b;
                return true;
            }
        }
        buf = null;
        return false;
    }

    /** Whether the current element is {@code lower} (given in lower case), ignoring ASCII case. */
    boolean is(String lower) {
        return HttpTokens.equalsIgnoreCase(buf, start, end, lower);
    }
}
