package io.ringlb.balancer.accesslog;

import io.ringlb.balancer.traffic.RequestTrace;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Apache's combined log format, then ringlb's fields as {@code name=value} (times in seconds, as
 * nginx's {@code $request_time}):
 * <pre>127.0.0.1 - - [30/Nov/2026:12:00:00 +0000] "GET /home HTTP/1.1" 200 76 "-" "curl/8.5.0"
 * rt=0.000412 ut=0.000330 replica=server2 key=header:X-Request-Id:123456 retries=0 id=123456 kind=proxied</pre>
 * (one line). In quoted fields, a double quote, a backslash and bytes outside printable ASCII are
 * written {@code \xHH}, as nginx does, so a line can be split on spaces and quotes safely.
 */
final class CombinedText implements LineFormat {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final StringBuilder sb = new StringBuilder(256);

    @Override
    public void write(RequestTrace t, OutputStream out) throws IOException {
        sb.setLength(0);
        sb.append(t.clientIp() == null ? "-" : t.clientIp()).append(" - - [")
                .append(TIME.format(Instant.ofEpochMilli(t.startMillis()))).append("] \"");
        escaped(orDash(t.method())).append(' ');
        escaped(orDash(LineFormat.truncate(t.target(), MAX_TARGET))).append(' ');
        escaped(orDash(t.protocol())).append("\" ").append(t.status()).append(' ').append(t.bytesSent()).append(" \"");
        escaped(orDash(LineFormat.truncate(t.referer(), 256))).append("\" \"");
        escaped(orDash(LineFormat.truncate(t.userAgent(), 256))).append('"');
        sb.append(" rt=").append(seconds(t.totalNanos()));
        sb.append(" ut=").append(t.upstreamNanos() < 0 ? "-" : seconds(t.upstreamNanos()));
        sb.append(" replica=").append(orDash(t.replica()));
        String key = LineFormat.key(t);
        sb.append(" key=");
        if (key == null) {
            sb.append('-');
        } else {
            sb.append(t.keySource()).append(':');
            unspaced(key);
        }
        sb.append(" retries=").append(t.retries());
        sb.append(" id=");
        unspaced(orDash(LineFormat.truncate(t.requestId(), MAX_KEY)));
        sb.append(" kind=").append(t.kind().label());
        if (t.local() != null) {
            sb.append(" reason=").append(t.local().label());
        }
        if (!t.complete()) {
            sb.append(" incomplete");
        }
        sb.append('\n');
        out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static String orDash(String s) {
        return s == null || s.isEmpty() ? "-" : s;
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.6f", nanos / 1e9);
    }

    /** A value inside quotes. */
    private StringBuilder escaped(String s) {
        return escape(s, ' ');
    }

    /** An unquoted value: spaces escaped too, so that fields stay apart. */
    private void unspaced(String s) {
        escape(s, '!');
    }

    /** Appends {@code s}, writing as {@code \xHH} every char below {@code lowest} or above '~', and '"' and '\\'. */
    private StringBuilder escape(String s, char lowest) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < lowest || c >= 0x7f || c == '"' || c == '\\') {
                hex(c);
            } else {
                sb.append(c);
            }
        }
        return sb;
    }

    private void hex(char c) {
        if (c > 0xff) { // outside Latin-1: its UTF-8 bytes
            for (byte b : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                sb.append(String.format(Locale.ROOT, "\\x%02X", b & 0xff));
            }
        } else {
            sb.append(String.format(Locale.ROOT, "\\x%02X", (int) c));
        }
    }
}
