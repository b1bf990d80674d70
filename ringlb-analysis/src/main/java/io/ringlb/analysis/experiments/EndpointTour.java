package io.ringlb.analysis.experiments;

import io.ringlb.analysis.harness.BalancerClient;
import io.ringlb.analysis.harness.Exchange;
import io.ringlb.analysis.harness.ReplicaSet;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A-3's first half: one request to every endpoint of CONTRACT.md, the error cases included, each
 * printed with its response and checked against the status (and, where the contract fixes it,
 * the exact message) it must get. It adds one replica and removes it again, so the balancer ends
 * as it began.
 */
public final class EndpointTour {

    /** The replica the tour adds and removes. */
    static final String PROBE = "analyze-probe";

    /**
     * One request of the tour.
     *
     * @param purpose         what it checks
     * @param expectedStatus  the status the contract requires
     * @param expectedMessage the exact {@code message} it requires, or null where it leaves the text open
     */
    record Probe(String purpose, String method, String path, String body, int expectedStatus, String expectedMessage) {
    }

    /** A probe and what came back. */
    public record Step(String purpose, Exchange exchange, int expectedStatus, String expectedMessage, boolean passed) {
    }

    /** The whole tour; {@code unchanged} tells whether {@code /rep} ended as it began. */
    public record Tour(List<Step> steps, ReplicaSet before, ReplicaSet after) {
        public boolean unchanged() {
            return before.equals(after);
        }

        public long passed() {
            return steps.stream().filter(Step::passed).count();
        }
    }

    private EndpointTour() {
    }

    /** The probes for a cluster whose first replica is {@code existing}. */
    static List<Probe> probes(String existing) {
        String two = "[\"a3-x1\", \"a3-x2\"]";
        return List.of(
                new Probe("homepage", "GET", "/", "", 200, null),
                new Probe("replica list", "GET", "/rep", "", 200, null),
                new Probe("proxied to a replica", "GET", "/home", "", 200, null),
                new Probe("replica heartbeat, proxied", "GET", "/heartbeat", "", 200, null),
                new Probe("add one named replica", "POST", "/add", BalancerClient.scaleBody(1, List.of(PROBE)), 200, null),
                new Probe("remove it again", "DELETE", "/rm", BalancerClient.scaleBody(1, List.of(PROBE)), 200, null),
                new Probe("add: more hostnames than n", "POST", "/add", "{\"n\": 1, \"hostnames\": " + two + "}", 400,
                        "<Error> Length of hostname list is more than newly added instances"),
                new Probe("rm: more hostnames than n", "DELETE", "/rm", "{\"n\": 1, \"hostnames\": " + two + "}", 400,
                        "<Error> Length of hostname list is more than removable instances"),
                new Probe("unknown endpoint", "GET", "/other", "", 400,
                        "<Error> '/other' endpoint does not exist in server replicas"),
                new Probe("add: malformed JSON", "POST", "/add", "{\"n\": ", 400, null),
                new Probe("add: n < 1", "POST", "/add", "{\"n\": 0}", 400, null),
                new Probe("add: n not an integer", "POST", "/add", "{\"n\": \"two\"}", 400, null),
                new Probe("add: n missing", "POST", "/add", "{\"hostnames\": []}", 400, null),
                new Probe("add: invalid name", "POST", "/add", "{\"n\": 1, \"hostnames\": [\"Not_A_Label!\"]}", 400, null),
                new Probe("add: duplicate hostnames", "POST", "/add", "{\"n\": 2, \"hostnames\": [\"a3-d\", \"a3-d\"]}", 400, null),
                new Probe("add: hostname already exists", "POST", "/add", BalancerClient.scaleBody(1, List.of(existing)), 400, null),
                new Probe("add: beyond the maximum", "POST", "/add", "{\"n\": 100000}", 400, null),
                new Probe("rm: hostname does not exist", "DELETE", "/rm", BalancerClient.scaleBody(1, List.of("a3-none")), 400, null),
                new Probe("rm: n larger than the count", "DELETE", "/rm", "{\"n\": 100000}", 400, null),
                new Probe("rm: also accepted as POST", "POST", "/rm", "{\"n\": 1, \"hostnames\": " + two + "}", 400,
                        "<Error> Length of hostname list is more than removable instances"));
    }

    /** Runs every probe in order, printing each exchange to {@code console}. */
    public static Tour run(BalancerClient client, PrintStream console) {
        ReplicaSet before = client.replicas();
        List<Step> steps = new ArrayList<>();
        for (Probe p : probes(before.names().get(0))) {
            Exchange ex = client.exchange(p.method(), p.path(), p.body());
            boolean passed = ex.status() == p.expectedStatus()
                    && (p.expectedMessage() == null || p.expectedMessage().equals(message(ex.responseBody())));
            steps.add(new Step(p.purpose(), ex, p.expectedStatus(), p.expectedMessage(), passed));
            console.printf("  %s %s%n    -> %d %s%n", passed ? "ok  " : "FAIL", ex.request(), ex.status(),
                    ex.responseBody().isEmpty() ? "(empty body)" : ex.responseBody());
        }
        return new Tour(steps, before, client.replicas());
    }

    private static String message(String body) {
        var json = BalancerClient.parse(body);
        return json == null ? null : json.path("message").asText(null);
    }
}
