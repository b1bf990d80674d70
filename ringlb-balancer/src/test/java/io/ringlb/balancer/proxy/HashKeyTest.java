package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import io.ringlb.core.KeyHasher;
import io.ringlb.core.SpecKeys;
import io.ringlb.core.XxHashKeys;
import org.junit.jupiter.api.Test;

class HashKeyTest {

    private static final KeyHasher XX = XxHashKeys.INSTANCE;

    /** A request head for {@code uri} with {@code fields} (lines such as "Cookie: a=1"). */
    private static Req get(String uri, String... fields) {
        StringBuilder sb = new StringBuilder("GET ").append(uri).append(" HTTP/1.1\r\nHost: h\r\n");
        for (String f : fields) {
            sb.append(f).append("\r\n");
        }
        ByteBuf b = Unpooled.copiedBuffer(sb.append("\r\n").toString(), StandardCharsets.ISO_8859_1);
        RequestHead head = new RequestHead(RequestLimits.DEFAULTS);
        assertThat(head.parse(b, 0, b.writerIndex())).isPositive();
        return new Req(head, b);
    }

    private record Req(RequestHead head, ByteBuf src) {
        long key(HashKey k, String ip, KeyHasher hasher) {
            return k.key(head, src, head.target(src), ip, hasher, null);
        }
    }

    @Test
    void theFirstSourceWithAValueWins() {
        HashKey key = HashKey.parse("header:X-User,cookie:sid,query:u,path");
        assertThat(get("/a/b?u=query-user", "Cookie: theme=dark; sid=cookie-user").key(key, "10.0.0.1", XX))
                .isEqualTo(XX.hashKey("cookie-user"));
        assertThat(get("/a/b?u=query-user", "Cookie: theme=dark; sid=cookie-user", "x-user: header-user").key(key, "10.0.0.1", XX))
                .isEqualTo(XX.hashKey("header-user"));
        assertThat(get("/a/b?u=query-user").key(key, "10.0.0.1", XX)).isEqualTo(XX.hashKey("query-user"));
        assertThat(get("/a/b?other=1").key(key, "10.0.0.1", XX)).isEqualTo(XX.hashKey("/a/b"));
    }

    @Test
    void uriAndIpSources() {
        assertThat(get("/x?y=1").key(HashKey.parse("uri"), null, XX)).isEqualTo(XX.hashKey("/x?y=1"));
        assertThat(get("/").key(HashKey.parse("ip"), "127.0.0.9", XX)).isEqualTo(XX.hashKey("127.0.0.9"));
    }

    @Test
    void inSpecModeARequestIdHeaderIsTheIdItself() {
        assertThat(get("/home", "X-Request-Id: 123456").key(HashKey.parse(HashKey.DEFAULT), null, SpecKeys.INSTANCE))
                .isEqualTo(123456);
    }

    @Test
    void randomGivesSixDigitIdsInSpecMode() {
        HashKey key = HashKey.parse(HashKey.DEFAULT);
        for (int i = 0; i < 1000; i++) {
            assertThat(get("/home").key(key, null, SpecKeys.INSTANCE)).isBetween(100_000L, 999_999L);
        }
    }

    @Test
    void withoutAnyValueTheKeyIsRandom() {
        HashKey key = HashKey.parse("header:X-None");
        long a = get("/").key(key, null, SpecKeys.INSTANCE);
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
