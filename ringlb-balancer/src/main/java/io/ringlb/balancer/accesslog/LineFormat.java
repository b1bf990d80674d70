package io.ringlb.balancer.accesslog;

import io.ringlb.balancer.traffic.RequestTrace;
import java.io.IOException;
import java.io.OutputStream;

/** Turns a finished request into one access log line, newline included. Used by the writer thread only. */
interface LineFormat {

    /** Longest request-target logged; longer ones end in {@code ...}. */
    int MAX_TARGET = 2048;
    /** Longest hash key value logged. */
    int MAX_KEY = 64;

    void write(RequestTrace t, OutputStream out) throws IOException;

    static LineFormat of(AccessLogSettings.Format f) {
        return f == AccessLogSettings.Format.JSON ? new JsonLines() : new CombinedText();
    }

    /** The key as logged: its text truncated to {@link #MAX_KEY}, or the random id, or null. */
    static String key(RequestTrace t) {
        if (t.keyValue() != null) {
            return truncate(t.keyValue(), MAX_KEY);
        }
        return t.keyNumber() >= 0 ? Long.toString(t.keyNumber()) : null;
    }

    static String truncate(CharSequence s, int max) {
        return s == null ? null : s.length() <= max ? s.toString() : s.subSequence(0, max - 3) + "...";
    }
}
