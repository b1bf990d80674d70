package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringlb.balancer.cluster.ReplicaNames;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every row of CONTRACT.md against a real balancer with 3 real replica processes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ContractIT {

    private final Http http = new Http();
    private RinglbProcess lb;

    @BeforeAll
    void start() throws Exception {
        lb = RinglbProcess.start("--replicas", "3", "--max-replicas", "6");
    }

    @AfterAll
    void stop() throws Exception {
        lb.close();
    }

    private Http.Response rep() {
        return http.get(lb.url("/rep"));
    }

    private List<String> replicas() {
        List<String> names = new ArrayList<>();
        rep().json().path("message").path("replicas").forEach(n -> names.add(n.asText()));
        return names;
    }

    private static void assertSuccess(Http.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.outcome()).isEqualTo("successful");
    }

    private static void assertRepBody(Http.Response r) {
        assertSuccess(r);
        JsonNode m = r.json().path("message");
        assertThat(m.path("N").asInt()).isEqualTo(m.path("replicas").size());
        m.path("replicas").forEach(n -> assertThat(ReplicaNames.isValid(n.asText())).as(n.asText()).isTrue());
    }

    /** Runs a request that must fail and checks that it changed nothing. */
    private Http.Response rejected(java.util.function.Supplier<Http.Response> call, int status) {
        String before = rep().body();
        Http.Response r = call.get();
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.outcome()).isEqualTo("failure");
        assertThat(r.message()).startsWith("<Error> ");
        assertThat(rep().body()).as("nothing changed").isEqualTo(before);
        return r;
    }

    @Test
    @Order(1)
    void repListsTheInitialReplicasInOrder() {
        Http.Response r = rep();
        assertRepBody(r);
        assertThat(r.json().path("message").path("N").asInt()).isEqualTo(3);
        assertThat(replicas()).containsExactly("server1", "server2", "server3");
        assertThat(r.body()).isEqualTo("{\"message\":{\"N\":3,\"replicas\":[\"server1\",\"server2\",\"server3\"]},\"status\":\"successful\"}");
    }

    @Test
    void homepageSaysWhatThisIs() {
        Http.Response r = http.get(lb.url("/"));
        assertSuccess(r);
        assertThat(r.message()).contains("ringlb").contains("/rep").contains("/add").contains("/rm");
    }

    @Test
    void homeIsProxiedToReplicasListedInRep() {
        Set<String> listed = new HashSet<>(replicas());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 60; i++) {
            Http.Response r = http.get(lb.url("/home"));
            assertSuccess(r);
            assertThat(r.message()).startsWith("Hello from Server: ");
            assertThat(listed).contains(r.servedBy());
            assertThat(r.headers().firstValue("x-served-by")).hasValue(r.servedBy());
            seen.add(r.servedBy());
        }
        assertThat(seen).as("random request ids spread over replicas").hasSizeGreaterThan(1);
    }

    @Test
    void theSameRequestIdAlwaysReachesTheSameReplica() {
        String first = http.get(lb.url("/home"), "X-Request-Id", "424242").servedBy();
        for (int i = 0; i < 10; i++) {
            assertThat(http.get(lb.url("/home"), "X-Request-Id", "424242").servedBy()).isEqualTo(first);
        }
    }

    @Test
    void heartbeatIsProxiedToo() {
        assertThat(http.get(lb.url("/heartbeat")).status()).isEqualTo(200);
    }

    @Test
    void addThenRemoveByName() {
        List<String> before = replicas();
        Http.Response added = http.post(lb.url("/add"), "{\"n\": 1, \"hostnames\": [\"s4\"]}");
        assertRepBody(added);
        List<String> expected = new ArrayList<>(before);
        expected.add("s4");
        assertThat(added.json().path("message").path("replicas").toString()).isEqualTo(Http.JSON.valueToTree(expected).toString());
        assertThat(rep().body()).isEqualTo(added.body());
        assertThat(lb.replicaPid("s4")).as("s4 runs as a process").isPositive();

        Http.Response removed = http.delete(lb.url("/rm"), "{\"n\": 1, \"hostnames\": [\"s4\"]}");
        assertRepBody(removed);
        assertThat(replicas()).isEqualTo(before);
    }

    @Test
    void addGeneratesMissingNames() {
        List<String> before = replicas();
        Http.Response r = http.post(lb.url("/add"), "{\"n\": 2, \"hostnames\": [\"named\"]}");
        assertRepBody(r);
        List<String> after = replicas();
        assertThat(after).hasSize(before.size() + 2).startsWith(before.toArray(String[]::new)).contains("named");
        List<String> added = after.subList(before.size(), after.size());
        added.forEach(n -> assertThat(ReplicaNames.isValid(n)).isTrue());
        Http.Response none = http.post(lb.url("/add"), "{\"n\": 1, \"hostnames\": []}");
        assertRepBody(none);
        List<String> all = new ArrayList<>(replicas().subList(before.size(), before.size() + 3));
        Http.Response rm = http.delete(lb.url("/rm"), "{\"n\": 3, \"hostnames\": " + Http.JSON.valueToTree(all) + "}");
        assertRepBody(rm);
        assertThat(replicas()).isEqualTo(before);
    }

    @Test
    void namesAreWhatDockerAcceptsAndGeneratedOnesAreLettersAndDigits() {
        List<String> before = replicas();
        Http.Response r = http.post(lb.url("/add"), "{\"n\": 3, \"hostnames\": [\"S_123456\", \"s4.eu\"]}");
        assertRepBody(r);
        List<String> added = replicas().subList(before.size(), before.size() + 3);
        assertThat(added.subList(0, 2)).containsExactly("S_123456", "s4.eu");
        assertThat(added.get(2)).as("read whole by \\w+").matches("\\w+").matches("[a-z0-9]+");
        for (String name : added) {
            assertThat(lb.replicaPid(name)).as(name + " runs as a process").isPositive();
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200 && !seen.containsAll(added); i++) {
            Http.Response home = http.get(lb.url("/home"));
            assertThat(home.message()).isEqualTo("Hello from Server: " + home.servedBy());
            seen.add(home.servedBy());
        }
        assertThat(seen).containsAll(added);
        assertRepBody(http.delete(lb.url("/rm"), "{\"n\": 3, \"hostnames\": " + Http.JSON.valueToTree(added) + "}"));
        assertThat(replicas()).isEqualTo(before);
    }

    @Test
    void aRemovedNameIsFreeAtOnce() {
        List<String> before = replicas();
        assertRepBody(http.post(lb.url("/add"), "{\"n\": 1, \"hostnames\": [\"S0\"]}"));
        long first = lb.replicaPid("S0");
        assertRepBody(http.delete(lb.url("/rm"), "{\"n\": 1, \"hostnames\": [\"S0\"]}"));
        // At once, while the old replica may still be stopping.
        Http.Response again = http.post(lb.url("/add"), "{\"n\": 1, \"hostnames\": [\"S0\"]}");
        assertRepBody(again);
        assertThat(replicas()).endsWith("S0").hasSize(before.size() + 1);
        assertThat(lb.replicaPids("S0")).as("a new process").isNotEmpty().anyMatch(pid -> pid != first);
        assertRepBody(http.delete(lb.url("/rm"), "{\"n\": 1, \"hostnames\": [\"s0\"]}"));
        assertThat(replicas()).isEqualTo(before);
    }

    @Test
    void removeTakesTheNamedOnesAndRandomOthers() {
        List<String> before = replicas();
        assertRepBody(http.post(lb.url("/add"), "{\"n\": 2, \"hostnames\": [\"s5\", \"s6\"]}"));
        Http.Response r = http.method("POST", lb.url("/rm"), "{\"n\": 2, \"hostnames\": [\"s5\"]}"); // POST /rm is accepted too
        assertRepBody(r);
        List<String> after = replicas();
        assertThat(after).hasSize(before.size()).doesNotContain("s5");
        // Whatever random replica went, put the count back for the other tests.
        if (!after.contains("s6")) {
            return;
        }
        assertRepBody(http.delete(lb.url("/rm"), "{\"n\": 1, \"hostnames\": [\"s6\"]}"));
        assertRepBody(http.post(lb.url("/add"), "{\"n\": 1}"));
        assertThat(replicas()).hasSize(before.size());
    }

    @Test
    void theContractsExactErrors() {
        assertThat(rejected(() -> http.post(lb.url("/add"), "{\"n\": 1, \"hostnames\": [\"a\", \"b\"]}"), 400).message())
                .isEqualTo("<Error> Length of hostname list is more than newly added instances");
        assertThat(rejected(() -> http.delete(lb.url("/rm"), "{\"n\": 1, \"hostnames\": [\"a\", \"b\"]}"), 400).message())
                .isEqualTo("<Error> Length of hostname list is more than removable instances");
        assertThat(rejected(() -> http.get(lb.url("/other")), 400).message())
                .isEqualTo("<Error> '/other' endpoint does not exist in server replicas");
        assertThat(rejected(() -> http.get(lb.url("/other/deeper?x=1")), 400).message())
                .isEqualTo("<Error> '/other/deeper' endpoint does not exist in server replicas");
    }

    @Order(2) // before anything changes the membership: it names server2 and counts 3
    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "POST | {n: 1}                                   | Malformed JSON",
        "POST | `[1, 2]`                                 | must be a JSON object",
        "POST | ``                                       | body is empty",
        "POST | {\"hostnames\": [\"x\"]}                 | Field 'n' is required",
        "POST | {\"n\": \"1\"}                           | Field 'n' must be an integer",
        "POST | {\"n\": 1.5}                             | Field 'n' must be an integer",
        "POST | {\"n\": true}                            | Field 'n' must be an integer",
        "POST | {\"n\": 0}                               | must be a positive integer",
        "DELETE | {\"n\": -1}                            | must be a positive integer",
        "POST | {\"n\": 99999999999}                     | must be a positive integer",
        "POST | {\"n\": 1, \"hostnames\": \"s9\"}        | must be an array of strings",
        "DELETE | {\"n\": 1, \"hostnames\": [7]}         | element 0 is 7",
        "POST | {\"n\": 1, \"hostnames\": [\"bad name\"]} | 'bad name' is not a valid name",
        "POST | {\"n\": 1, \"hostnames\": [\"-x\"]}      | '-x' is not a valid name",
        "POST | {\"n\": 1, \"hostnames\": [\"_x\"]}      | '_x' is not a valid name",
        "POST | {\"n\": 2, \"hostnames\": [\"dup\", \"DUP\"]} | appears more than once",
        "POST | {\"n\": 1, \"hostnames\": [\"server2\"]} | 'server2' already exists",
        "DELETE | {\"n\": 1, \"hostnames\": [\"ghost\"]} | 'ghost' does not exist",
        "DELETE | {\"n\": 7}                             | only 3 exist",
        "POST | {\"n\": 4}                               | more than the maximum of 6",
        "POST | {\"n\": 1, \"hostname\": [\"x\"]}        | Unknown field 'hostname'",
        "POST | {\"n\": 1, \"addresses\": [\"127.0.0.1:1\"]} | only accepted with --provisioner static",
    })
    void badRequestsFailClearlyAndChangeNothing(String method, String body, String expected) {
        String path = method.equals("POST") ? "/add" : "/rm";
        Http.Response r = rejected(() -> http.method(method, lb.url(path), body), 400);
        assertThat(r.message()).contains(expected);
    }

    @Test
    void wrongMethodsOnAdminPathsAre405() {
        assertThat(rejected(() -> http.get(lb.url("/add")), 405).message()).contains("use POST");
        assertThat(rejected(() -> http.method("PUT", lb.url("/rm"), "{}"), 405).message()).contains("DELETE");
        assertThat(rejected(() -> http.post(lb.url("/rep"), "{}"), 405).message()).contains("GET");
    }

    @Test
    void otherMethodsAreProxiedAndTheReplicas404IsTheContracts400() {
        assertThat(rejected(() -> http.post(lb.url("/home"), "x"), 400).message())
                .isEqualTo("<Error> '/home' endpoint does not exist in server replicas");
    }

    @Test
    @Order(Integer.MAX_VALUE)
    void withoutReplicasProxiedRequestsGet503AndAddBringsThemBack() {
        int n = replicas().size();
        assertRepBody(http.delete(lb.url("/rm"), "{\"n\": " + n + "}"));
        assertThat(rep().json().path("message").path("N").asInt()).isZero();
        Http.Response r = http.get(lb.url("/home"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.outcome()).isEqualTo("failure");
        assertThat(r.message()).isEqualTo("<Error> No replicas available");
        Http.Response back = http.post(lb.url("/add"), "{\"n\": 3}");
        assertRepBody(back);
        assertThat(back.json().path("message").path("N").asInt()).isEqualTo(3);
        assertSuccess(http.get(lb.url("/home")));
    }
}
