package io.ringlb.balancer.admin;

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
import io.ringlb.balancer.cluster.ClusterView;
import java.util.LinkedHashMap;
import java.util.Map;

/** The balancer's JSON bodies: {@code {"message": ..., "status": "successful" | "failure"}}. */
public final class JsonReplies {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** The response field that carries the ring's version in cluster mode. */
    public static final String RING_VERSION = "X-Ring-Version";

    private JsonReplies() {
    }

    /** 200 with {@code message} (a string or any JSON-serialisable value). */
    public static FullHttpResponse success(Object message) {
        return reply(HttpResponseStatus.OK, message, "successful");
    }

    /** {@code status} with a failure message, which starts with {@code <Error>}. */
    public static FullHttpResponse failure(int status, String message) {
        return reply(HttpResponseStatus.valueOf(status), message, "failure");
    }

    /** The {@code /rep} body. */
    public static FullHttpResponse replicas(ClusterView view) {
        return replicas(view, false);
    }

    /** The {@code /rep} body, with the ring's {@code "version"} after the contract's fields if {@code withVersion}. */
    public static FullHttpResponse replicas(ClusterView view, boolean withVersion) {
        return success(repMessage(view, withVersion));
    }

    static Map<String, Object> repMessage(ClusterView view, boolean withVersion) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("N", view.n());
        m.put("replicas", view.replicas());
        if (!view.unhealthy().isEmpty()) {
            m.put("unhealthy", view.unhealthy());
        }
        if (withVersion) {
            m.put("version", view.version());
        }
        return m;
    }

    private static FullHttpResponse reply(HttpResponseStatus status, Object message, String outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("status", outcome);
        ByteBuf content;
        try {
            content = Unpooled.wrappedBuffer(JSON.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unserialisable reply", e);
        }
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        r.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .setInt(HttpHeaderNames.CONTENT_LENGTH, content.readableBytes());
        return r;
    }
}
