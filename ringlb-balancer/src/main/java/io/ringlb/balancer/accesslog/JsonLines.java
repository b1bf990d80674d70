package io.ringlb.balancer.accesslog;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.ringlb.balancer.traffic.RequestTrace;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * One JSON object per line (JSON Lines), fields in a fixed order, absent ones left out:
 * <pre>{"time":"2026-11-30T12:00:00.123Z","kind":"proxied","client":"127.0.0.1","method":"GET",
 * "path":"/home","protocol":"HTTP/1.1","status":200,"bytes":76,"bytes_received":0,
 * "duration_ms":0.412,"upstream_ms":0.330,"replica":"server2","key_source":"header:X-Request-Id",
 * "key":"123456","retries":0,"request_id":"123456","complete":true}</pre>
 */
final class JsonLines implements LineFormat {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public void write(RequestTrace t, OutputStream out) throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("time", Instant.ofEpochMilli(t.startMillis()).toString());
            g.writeStringField("kind", t.kind().label());
            optional(g, "client", t.clientIp());
            optional(g, "method", t.method()); // a refused request may have none of these three
            optional(g, "path", LineFormat.truncate(t.target(), MAX_TARGET));
            optional(g, "protocol", t.protocol());
            g.writeNumberField("status", t.status());
            g.writeNumberField("bytes", t.bytesSent());
            g.writeNumberField("bytes_received", t.bytesReceived());
            g.writeNumberField("duration_ms", millis(t.totalNanos()));
            if (t.upstreamNanos() >= 0) {
                g.writeNumberField("upstream_ms", millis(t.upstreamNanos()));
            }
            optional(g, "replica", t.replica());
            optional(g, "key_source", t.keySource());
            optional(g, "key", LineFormat.key(t));
            g.writeNumberField("retries", t.retries());
            optional(g, "request_id", LineFormat.truncate(t.requestId(), MAX_KEY));
            if (t.local() != null) {
                g.writeStringField("reason", t.local().label());
            }
            g.writeBooleanField("complete", t.complete());
            optional(g, "user_agent", LineFormat.truncate(t.userAgent(), 256));
            optional(g, "referer", LineFormat.truncate(t.referer(), 256));
            g.writeEndObject();
        }
        out.write('\n');
    }

    private static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    /** Milliseconds with microsecond precision. */
    private static double millis(long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }
}
