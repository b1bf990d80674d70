package io.ringlb.balancer.admin;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.ringlb.balancer.cluster.AdminException;
import io.ringlb.balancer.cluster.ReplicaNames;
import io.ringlb.balancer.cluster.ScaleRequest;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;

/**
 * Any bytes as an {@code /add} or {@code /rm} body: the parser returns a request that holds its
 * promises, or throws a clean 4xx {@link AdminException} whose message is a short
 * {@code <Error> ...} line; never anything else. Runs the inputs under
 * {@code ScaleRequestParserFuzzTestInputs/} in every build; {@code scripts/fuzz.sh} explores.
 *
 * <p>The parser runs on an event loop and looks nothing up: {@code addresses} come back
 * unresolved, for {@link BackendResolver} to resolve elsewhere (and, should that promise break, the
 * surefire {@code argLine}'s {@code jdk.net.hosts.file} still keeps a fuzzer from sending DNS queries).
 */
class ScaleRequestParserFuzzTest {

    /** A failure message echoes at most an abbreviation of what the client sent. */
    static final int MAX_MESSAGE = 1024;

    @FuzzTest(maxDuration = "30s")
    void anyBodyIsARequestOrACleanClientError(byte[] body) {
        ScaleRequest r;
        try {
            r = ScaleRequestParser.parse(body);
        } catch (AdminException e) {
            assertThat(e.status()).as("status of %s", e.getMessage()).isBetween(400, 499);
            assertThat(e.getMessage()).startsWith("<Error> ").hasSizeLessThanOrEqualTo(MAX_MESSAGE);
            return;
        }
        assertThat(r.n()).isPositive();
        if (r.hostnames().size() <= r.n()) { // more names than n is the supervisor's error, with the contract's words
            Set<String> keys = new HashSet<>();
            for (String h : r.hostnames()) {
                assertThat(ReplicaNames.isValid(h)).as("valid name %s", h).isTrue();
                assertThat(keys.add(ReplicaNames.key(h))).as("unique name %s", h).isTrue();
            }
        }
        for (InetSocketAddress a : r.addresses()) {
            assertThat(a.isUnresolved()).as("looked up later, off the event loop").isTrue();
            assertThat(a.getHostString()).isNotEmpty();
            assertThat(a.getPort()).isBetween(1, 65535);
        }
    }
}
