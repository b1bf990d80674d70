package io.ringlb.replica;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;

/**
 * The replica's responses, encoded once: each request only copies a read-only buffer. The two
 * fixed JSON shapes are written with Jackson's string escaping rather than a full ObjectMapper,
 * which would add a tenth to a replica's start time.
 */
final class ReplicaResponses {

    private final ByteBuf home;

    /** @param reportedAs what {@code /home} names the server: its name, or its integer id */
    ReplicaResponses(String reportedAs) {
        home = Unpooled.unreleasableBuffer(json("Hello from Server: " + reportedAs, "successful").asReadOnly());
    }

    /** {@code {"message": "<message>", "status": "<status>"}}. */
    static ByteBuf json(String message, String status) {
        JsonStringEncoder enc = JsonStringEncoder.getInstance();
        String body = "{\"message\": \"" + new String(enc.quoteAsString(message)) + "\", \"status\": \""
                + new String(enc.quoteAsString(status)) + "\"}";
        return Unpooled.wrappedBuffer(body.getBytes(StandardCharsets.UTF_8));
    }

    FullHttpResponse home() {
        return json(HttpResponseStatus.OK, home.duplicate());
    }

    FullHttpResponse heartbeat() {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, HttpHeaderValues.ZERO);
        return r;
    }

    FullHttpResponse notFound(String path) {
        return json(HttpResponseStatus.NOT_FOUND, json("<Error> '" + path + "' endpoint does not exist in server replicas", "failure"));
    }

    private static FullHttpResponse json(HttpResponseStatus status, ByteBuf content) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return r;
    }
}
