package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class ProxyHeadersTest {

    @Test
    void hopByHopFieldsGoIncludingThoseConnectionNames() {
        HttpHeaders h = new DefaultHttpHeaders();
        h.set("Connection", "keep-alive, X-Hop ,Close, x-other");
        h.set("X-Hop", "1").set("X-Other", "2").set("X-Kept", "3")
                .set("Keep-Alive", "timeout=5").set("TE", "trailers").set("Upgrade", "h2c").set("Proxy-Connection", "x");
        ProxyHeaders.removeHopByHop(h);
        assertThat(h.names()).containsExactly("X-Kept");
    }

    @Test
    void forwardedForAppendsTheClient() {
        HttpHeaders h = new DefaultHttpHeaders();
        ProxyHeaders.addForwarded(h, "10.0.0.1");
        assertThat(h.get("X-Forwarded-For")).isEqualTo("10.0.0.1");
        assertThat(h.get("X-Forwarded-Proto")).isEqualTo("http");
        ProxyHeaders.addForwarded(h, "10.0.0.2");
        assertThat(h.get("X-Forwarded-For")).isEqualTo("10.0.0.1, 10.0.0.2");
    }

    @Test
    void responsesAreFramedForTheClient() {
        HttpResponse chunked = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        chunked.headers().set("Transfer-Encoding", "chunked").set("Connection", "keep-alive");
        assertThat(ProxyHeaders.prepareResponse(chunked, "s1", false, false, true)).isTrue();
        assertThat(chunked.headers().get("X-Served-By")).isEqualTo("s1");
        assertThat(chunked.headers().contains("Connection")).isFalse();

        HttpResponse toHttp10 = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        toHttp10.headers().set("Transfer-Encoding", "chunked");
        assertThat(ProxyHeaders.prepareResponse(toHttp10, "s1", false, true, true)).as("close-delimited for 1.0").isFalse();
        assertThat(toHttp10.headers().contains("Transfer-Encoding")).isFalse();
        assertThat(toHttp10.headers().get("Connection")).isEqualTo("close");

        HttpResponse unframed = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        assertThat(ProxyHeaders.prepareResponse(unframed, "s1", false, false, true)).as("ends with the connection").isFalse();

        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        assertThat(ProxyHeaders.prepareResponse(head, "s1", true, true, true)).as("a HEAD answer has no body").isTrue();
        assertThat(head.headers().get("Connection")).isEqualTo("keep-alive");
    }
}
