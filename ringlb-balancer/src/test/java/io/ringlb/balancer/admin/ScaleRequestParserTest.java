package io.ringlb.balancer.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringlb.balancer.cluster.AdminException;
import io.ringlb.balancer.cluster.ScaleRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ScaleRequestParserTest {

    private static ScaleRequest parse(String json) {
        return ScaleRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static void rejects(String json, String message) {
        assertThatThrownBy(() -> parse(json)).isInstanceOf(AdminException.class)
                .hasMessageStartingWith("<Error> ").hasMessageContaining(message)
                .satisfies(e -> assertThat(((AdminException) e).status()).isEqualTo(400));
    }

    @Test
    void readsTheContractsShape() {
        ScaleRequest r = parse("{\"n\": 2, \"hostnames\": [\"s4\"]}");
        assertThat(r.n()).isEqualTo(2);
        assertThat(r.hostnames()).containsExactly("s4");
        assertThat(r.addresses()).isEmpty();
        assertThat(parse("{\"n\": 1}").hostnames()).isEmpty();
        assertThat(parse("{\"n\": 1, \"hostnames\": null}").hostnames()).isEmpty();
        assertThat(parse("{\"n\": 1, \"hostnames\": [\"b4\"], \"addresses\": [\"127.0.0.1:9004\"]}").addresses())
                .singleElement().satisfies(a -> assertThat(a.getPort()).isEqualTo(9004));
        assertThat(parse("{\"n\": 1, \"addresses\": [\"[::1]:80\"]}").addresses().get(0).getHostString()).isEqualTo("::1");
        assertThat(parse("{\"n\": 1, \"addresses\": [\"backend.example:80\"]}").addresses().get(0).isUnresolved())
                .as("looked up later, off the event loop").isTrue();
    }

    @Test
    void acceptsWhatDockerAcceptsAsAContainerName() {
        assertThat(parse("{\"n\": 5, \"hostnames\": [\"server1\", \"S_123456\", \"s4.eu\", \"srv-2\", \"" + "a".repeat(63) + "\"]}")
                .hostnames()).containsExactly("server1", "S_123456", "s4.eu", "srv-2", "a".repeat(63));
    }

    @Test
    void leavesTheContractsLengthCheckToTheSupervisor() {
        // Its message differs between /add and /rm; the names are not even looked at.
        assertThat(parse("{\"n\": 1, \"hostnames\": [\"a\", \"bad_name\"]}").hostnames()).hasSize(2);
    }

    @Test
    void rejectsWhatIsNotTheContractsShape() {
        rejects("", "body is empty");
        rejects("nope", "Malformed JSON");
        rejects("{\"n\": 1", "Malformed JSON");
        rejects("[]", "must be a JSON object");
        rejects("\"n\"", "must be a JSON object");
        rejects("{}", "Field 'n' is required");
        rejects("{\"n\": null}", "Field 'n' is required");
        rejects("{\"n\": \"2\"}", "must be an integer");
        rejects("{\"n\": 2.0}", "must be an integer");
        rejects("{\"n\": 0}", "positive integer");
        rejects("{\"n\": 3000000000}", "positive integer");
        rejects("{\"n\": 1, \"hostnames\": {}}", "array of strings");
        rejects("{\"n\": 1, \"hostnames\": [null]}", "element 0 is null");
        rejects("{\"n\": 1, \"hostnames\": [\"\"]}", "not a valid name");
        rejects("{\"n\": 1, \"hostnames\": [\"" + "a".repeat(64) + "\"]}", "not a valid name");
        rejects("{\"n\": 1, \"hostnames\": [\"_x\"]}", "not a valid name (1-63 letters, digits, '_', '.' or '-', starting with a letter or digit)");
        rejects("{\"n\": 1, \"hostnames\": [\"a b\"]}", "not a valid name");
        rejects("{\"n\": 2, \"hostnames\": [\"a\", \"A\"]}", "appears more than once");
        rejects("{\"n\": 1, \"extra\": 1}", "Unknown field 'extra'");
        rejects("{\"n\": 1, \"addresses\": [\"nohost\"]}", "must be host:port");
        rejects("{\"n\": 1, \"addresses\": [\"h:99999\"]}", "outside 1-65535");
        rejects("{\"n\": 1, \"addresses\": [\"h:x\"]}", "not a number");
    }
}
