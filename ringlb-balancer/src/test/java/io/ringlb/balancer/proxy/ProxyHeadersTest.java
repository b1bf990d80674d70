package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
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
}
