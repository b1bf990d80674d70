package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may change the cluster, against real balancers: the admin token (401 without it, from
 * loopback too), clients on another machine (a network namespace of the test's own) refused with
 * a 403 that says how to allow them, static backends only from where they are allowed and inside
 * --backend-networks, and a token that never reaches the log.
 */
class AdminAccessIT {

    private static final String TOKEN = "it-token-0123456789abcdef";
    private final Http http = new Http();

    @TempDir
    Path dir;

    private Http.Response send(String method, String url, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> r = http.client().send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Http.Response(r.statusCode(), r.body(), Http.parse(r.body()), r.headers());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void withATokenAddAndRmNeedItFromEveryClientAndReadingStaysOpen() throws Exception {
        try (RinglbProcess lb = RinglbProcess.start(Map.of("RINGLB_ADMIN_TOKEN", TOKEN), "--replicas", "2")) {
            String rep = http.get(lb.url("/rep")).body();
            Http.Response none = send("POST", lb.url("/add"), "{\"n\": 1}");
            assertThat(none.status()).isEqualTo(401);
            assertThat(none.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"ringlb\"");
            assertThat(none.outcome()).isEqualTo("failure");
            assertThat(none.message()).isEqualTo("<Error> POST /add needs the admin token: send 'Authorization: Bearer <token>'");
            Http.Response wrong = send("DELETE", lb.url("/rm"), "{\"n\": 1}", "Authorization", "Bearer " + TOKEN + "0");
            assertThat(wrong.status()).isEqualTo(401);
            assertThat(wrong.headers().firstValue("www-authenticate")).hasValue("Bearer realm=\"ringlb\", error=\"invalid_token\"");
            assertThat(send("POST", lb.url("/add"), "{\"n\": 1}", "Authorization", "Basic " + TOKEN).status()).isEqualTo(401);
            assertThat(http.get(lb.url("/rep")).body()).as("nothing changed").isEqualTo(rep);

            assertThat(http.get(lb.url("/")).status()).isEqualTo(200);
            assertThat(http.get(lb.url("/home")).status()).isEqualTo(200);
            Http.Response added = send("POST", lb.url("/add"), "{\"n\": 1, \"hostnames\": [\"s3\"]}", "Authorization", "Bearer " + TOKEN);
            assertThat(added.status()).as(added.body()).isEqualTo(200);
            assertThat(FailoverIT.names(added)).containsExactly("server1", "server2", "s3");
            Http.Response removed = send("DELETE", lb.url("/rm"), "{\"n\": 1, \"hostnames\": [\"s3\"]}", "Authorization", "bearer " + TOKEN);
            assertThat(removed.status()).as(removed.body()).isEqualTo(200);

            assertThat(lb.log()).contains("admin: refused POST /add from 127.0.0.1 (401)").doesNotContain(TOKEN);
            assertThat(lb.process().info().commandLine().orElse("")).doesNotContain(TOKEN);
        }
    }

    @Test
    void aTokenFileWorksAndAnEmptyOrMissingOneStopsTheStart() throws Exception {
        Path file = Files.writeString(dir.resolve("token"), TOKEN + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        try (RinglbProcess lb = RinglbProcess.start("--replicas", "1", "--admin-token-file", file.toString())) {
            assertThat(send("POST", lb.url("/add"), "{\"n\": 1}").status()).isEqualTo(401);
            assertThat(send("POST", lb.url("/add"), "{\"n\": 1}", "Authorization", "Bearer " + TOKEN).status()).isEqualTo(200);
            assertThat(lb.log()).doesNotContain(TOKEN).doesNotContain("readable by every user");
        }
        Path empty = Files.writeString(dir.resolve("empty"), "");
        Map.Entry<Integer, String> refused = RinglbProcess.refusal(Map.of(), "--admin-token-file", empty.toString());
        assertThat(refused.getKey()).isEqualTo(2);
        assertThat(refused.getValue()).contains("--admin-token-file " + empty + ": the admin token is empty").doesNotContain("listening");
        refused = RinglbProcess.refusal(Map.of(), "--admin-token-file", dir.resolve("missing").toString());
        assertThat(refused.getKey()).isEqualTo(2);
        assertThat(refused.getValue()).contains("cannot read it");
        refused = RinglbProcess.refusal(Map.of("RINGLB_ADMIN_TOKEN", ""));
        assertThat(refused.getKey()).isEqualTo(2);
        assertThat(refused.getValue()).contains("$RINGLB_ADMIN_TOKEN: the admin token is empty");
    }

    @Test
    void clientsOnAnotherMachineGet403WithoutATokenAndGetInWithIt() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create()) {
            try (RinglbProcess lb = RinglbProcess.start("--replicas", "1", "--bind", ns.hostAddress)) {
                String rep = http.get(lb.url("/rep")).body();
                List<String> r = ns.request("POST", lb.url("/add"), "{\"n\": 1}");
                assertThat(r.get(0)).isEqualTo("403");
                assertThat(Http.parse(r.get(2)).path("message").asText())
                        .startsWith("<Error> POST /add is refused from " + ns.clientAddress + ": without an admin token")
                        .contains("start ringlb with --admin-token").contains("'Authorization: Bearer <token>'");
                assertThat(ns.request("DELETE", lb.url("/rm"), "{\"n\": 1}", "X-Forwarded-For: 127.0.0.1", "X-Real-IP: 127.0.0.1")
                        .get(0)).as("a client's own headers do not make it local").isEqualTo("403");
                assertThat(ns.request("GET", lb.url("/rep"), "").get(0)).isEqualTo("200");
                assertThat(ns.request("GET", lb.url("/"), "").get(0)).isEqualTo("200");
                assertThat(ns.request("GET", lb.url("/home"), "").get(0)).isEqualTo("200");
                // This machine's own client, to this machine's non-loopback address: not loopback either.
                assertThat(http.post(lb.url("/add"), "{\"n\": 1}").status()).isEqualTo(403);
                assertThat(http.get(lb.url("/rep")).body()).as("nothing changed").isEqualTo(rep);
                assertThat(lb.log()).contains("without an admin token: /add and /rm from other machines get 403")
                        .contains("admin: refused POST /add from " + ns.clientAddress + " (403)");
            }
            try (RinglbProcess lb = RinglbProcess.start(Map.of("RINGLB_ADMIN_TOKEN", TOKEN), "--replicas", "1", "--bind", ns.hostAddress)) {
                assertThat(ns.request("POST", lb.url("/add"), "{\"n\": 1}").subList(0, 2))
                        .containsExactly("401", "Bearer realm=\"ringlb\"");
                List<String> added = ns.request("POST", lb.url("/add"), "{\"n\": 1, \"hostnames\": [\"far\"]}", "Authorization: Bearer " + TOKEN);
                assertThat(added.get(0)).as(added.get(2)).isEqualTo("200");
                assertThat(ns.request("DELETE", lb.url("/rm"), "{\"n\": 1, \"hostnames\": [\"far\"]}", "Authorization: Bearer " + TOKEN)
                        .get(0)).isEqualTo("200");
            }
        }
    }

    @Test
    void staticBackendsOnlyFromWhereTheyMayComeAndInsideTheNetworks() throws Exception {
        try (TestBackend b1 = TestBackend.start("b1"); TestBackend b2 = TestBackend.start("b2");
             RinglbProcess lb = RinglbProcess.start("--provisioner", "static", "--backends", b1.spec(),
                     "--backend-networks", "127.0.0.0/8,::1/128")) {
            Http.Response outside = http.post(lb.url("/add"), "{\"n\": 1, \"hostnames\": [\"meta\"], \"addresses\": [\"169.254.169.254:80\"]}");
            assertThat(outside.status()).isEqualTo(403);
            assertThat(outside.message()).isEqualTo("<Error> Address '169.254.169.254:80' (169.254.169.254) is outside the networks "
                    + "static backends may be in: --backend-networks 127.0.0.0/8,::1/128");
            Http.Response unknown = http.post(lb.url("/add"), "{\"n\": 1, \"hostnames\": [\"x\"], \"addresses\": [\"no-such-host.invalid:80\"]}");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.message()).isEqualTo("<Error> Address 'no-such-host.invalid:80': host 'no-such-host.invalid' does not resolve");
            Http.Response byName = http.post(lb.url("/add"), "{\"n\": 1, \"hostnames\": [\"b2\"], \"addresses\": [\"localhost:" + b2.port() + "\"]}");
            assertThat(byName.status()).as(byName.body()).isEqualTo(200);
            assertThat(FailoverIT.names(byName)).containsExactly("b1", "b2");
        }
        Map.Entry<Integer, String> refused = RinglbProcess.refusal(Map.of(), "--provisioner", "static",
                "--backends", "b1=127.0.0.1:9,b2=10.9.9.9:80", "--backend-networks", "127.0.0.0/8");
        assertThat(refused.getKey()).isEqualTo(2);
        assertThat(refused.getValue()).contains("--backends b2 at 10.9.9.9 is outside --backend-networks 127.0.0.0/8");
    }

    @Test
    void staticBackendsFromAnotherMachineNeedTheToken() throws Exception {
        try (NetworkNamespace ns = NetworkNamespace.create(); TestBackend b1 = TestBackend.start("b1");
             RinglbProcess lb = RinglbProcess.start(Map.of("RINGLB_ADMIN_TOKEN", TOKEN), "--provisioner", "static",
                     "--backends", b1.spec(), "--bind", ns.hostAddress)) {
            String body = "{\"n\": 1, \"hostnames\": [\"b9\"], \"addresses\": [\"127.0.0.1:" + b1.port() + "\"]}";
            assertThat(ns.request("POST", lb.url("/add"), body).get(0)).isEqualTo("401");
            List<String> added = ns.request("POST", lb.url("/add"), body, "Authorization: Bearer " + TOKEN);
            assertThat(added.get(0)).as(added.get(2)).isEqualTo("200");
        }
    }
}
