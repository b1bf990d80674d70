package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import io.ringlb.core.KeyHasher;
import io.ringlb.core.SpecKeys;
import io.ringlb.core.XxHashKeys;
import org.junit.jupiter.api.Test;

class HashKeyTest {

    private static final KeyHasher XX = XxHashKeys.INSTANCE;

    private static HttpRequest get(String uri) {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri);
    }

    @Test
    void theFirstSourceWithAValueWins() {
        HashKey key = HashKey.parse("header:X-User,cookie:sid,query:u,path");
        HttpRequest req = get("/a/b?u=query-user");
        req.headers().set("Cookie", "theme=dark; sid=cookie-user");
        assertThat(key.key(req, "10.0.0.1", XX)).isEqualTo(XX.hashKey("cookie-user"));
        req.headers().set("X-User", "header-user");
        assertThat(key.key(req, "10.0.0.1", XX)).isEqualTo(XX.hashKey("header-user"));
        HttpRequest noCookie = get("/a/b?u=query-user");
        assertThat(key.key(noCookie, "10.0.0.1", XX)).isEqualTo(XX.hashKey("query-user"));
        assertThat(key.key(get("/a/b?other=1"), "10.0.0.1", XX)).isEqualTo(XX.hashKey("/a/b"));
    }

    @Test
    void uriAndIpSources() {
        assertThat(HashKey.parse("uri").key(get("/x?y=1"), null, XX)).isEqualTo(XX.hashKey("/x?y=1"));
        assertThat(HashKey.parse("ip").key(get("/"), "127.0.0.9", XX)).isEqualTo(XX.hashKey("127.0.0.9"));
    }

    @Test
    void inSpecModeARequestIdHeaderIsTheIdItself() {
        HttpRequest req = get("/home");
        req.headers().set("X-Request-Id", "123456");
        assertThat(HashKey.parse(HashKey.DEFAULT).key(req, null, SpecKeys.INSTANCE)).isEqualTo(123456);
    }

    @Test
    void randomGivesSixDigitIdsInSpecMode() {
        HashKey key = HashKey.parse(HashKey.DEFAULT);
        for (int i = 0; i < 1000; i++) {
            assertThat(key.key(get("/home"), null, SpecKeys.INSTANCE)).isBetween(100_000L, 999_999L);
        }
    }

    @Test
    void withoutAnyValueTheKeyIsRandom() {
        HashKey key = HashKey.parse("header:X-None");
        long a = key.key(get("/"), null, SpecKeys.INSTANCE);
        assertThat(a).isBetween(100_000L, 999_999L);
    }

    @Test
    void badSpecificationsAreExplained() {
        assertThatThrownBy(() -> HashKey.parse("header")).hasMessageContaining("needs a name");
        assertThatThrownBy(() -> HashKey.parse("path:x")).hasMessageContaining("takes no name");
        assertThatThrownBy(() -> HashKey.parse("body")).hasMessageContaining("unknown hash key source 'body'");
        assertThatThrownBy(() -> HashKey.parse("random,ip")).hasMessageContaining("never be used");
        assertThatThrownBy(() -> HashKey.parse("ip,,path")).hasMessageContaining("unknown hash key source ''");
        assertThat(HashKey.parse(" Header:X-A , ip ").toString()).isEqualTo("header:X-A,ip");
    }
}
