package io.ringlb.replica;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.util.LinkedHashMap;
import java.util.Map;

/** The replica's responses, encoded once: each request only copies a read-only buffer. */
final class ReplicaResponses {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteBuf home;

    ReplicaResponses(String name) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("message", "Hello from Server: " + name);
        body.put("status", "successful");
        try {
            home = Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(JSON.writeValueAsBytes(body)).asReadOnly());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
        Map<String, String> body = new LinkedHashMap<>();
        body.put("message", "<Error> '" + path + "' endpoint does not exist in server replicas");
        body.put("status", "failure");
        try {
            return json(HttpResponseStatus.NOT_FOUND, Unpooled.wrappedBuffer(JSON.writeValueAsBytes(body)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FullHttpResponse json(HttpResponseStatus status, ByteBuf content) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return r;
    }
}
