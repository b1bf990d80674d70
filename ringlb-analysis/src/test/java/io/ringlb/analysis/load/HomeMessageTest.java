package io.ringlb.analysis.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HomeMessageTest {

    private static String parse(String json) {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return HomeMessage.replicaName(b, 0, b.length);
    }

    @Test
    void readsTheNameAfterTheLastColonOfTheMessage() {
        assertThat(parse("{\"message\": \"Hello from Server: server1\", \"status\": \"successful\"}")).isEqualTo("server1");
        assertThat(parse("{\"status\": \"successful\", \"message\": \"Hello from Server:srv-abc123\"}")).isEqualTo("srv-abc123");
        assertThat(parse("{\"extra\": {\"message\": \"x: no\"}, \"message\": \"Hello from Server: s2\"}")).isEqualTo("s2");
    }

    @Test
    void fallsBackToTheLastSpaceWithoutAColon() {
        assertThat(HomeMessage.nameInMessage("Hello from s7")).isEqualTo("s7");
        assertThat(HomeMessage.nameInMessage("s8")).isEqualTo("s8");
    }

    @Test
    void namesNothingForOtherBodies() {
        assertThat(parse("")).isNull();
        assertThat(parse("not json")).isNull();
        assertThat(parse("[1, 2]")).isNull();
        assertThat(parse("{\"message\": 3}")).isNull();
        assertThat(parse("{\"message\": \"Hello from Server: \"}")).isNull();
        assertThat(parse("{\"status\": \"successful\"}")).isNull();
        assertThat(parse("{\"message\": \"Hello from Server: s1\"")).isEqualTo("s1");
    }
}
