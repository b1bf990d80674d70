package io.ringlb.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.model.Ports;
import io.ringlb.balancer.Balancer;
import io.ringlb.balancer.cluster.ReplicaNames;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Every row of CONTRACT.md, through a balancer whose replicas are containers: the replica
 * endpoints, the admin API with its exact errors and the open ones, and proxying. After each
 * refused request, /rep and the engine's containers are unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DockerContractIT {

    private TestCluster cluster;
    private Balancer balancer;
    private Http http;

    @BeforeAll
    void start() throws Exception {
        cluster = new TestCluster("contract");
        balancer = cluster.start(Reach.PUBLISHED, 3, false);
        http = new Http(balancer.address());
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void replicaEndpoints() {
        for (String name : http.replicas()) {
            Ports.Binding b = cluster.inspect(name).getNetworkSettings().getPorts().getBindings().get(ContainerAddress.EXPOSED)[0];
            Http replica = new Http(new InetSocketAddress("127.0.0.1", Integer.parseInt(b.getHostPortSpec())));
            Http.Reply home = replica.get("/home");
            assertThat(home.status()).isEqualTo(200);
            assertThat(home.contentType()).startsWith("application/json");
            assertThat(home.json().path("message").asText()).isEqualTo("Hello from Server: " + name);
            assertThat(home.json().path("status").asText()).isEqualTo("successful");
            Http.Reply heartbeat = replica.get("/heartbeat");
            assertThat(heartbeat.status()).isEqualTo(200);
            assertThat(heartbeat.body()).isEmpty();
            assertThat(replica.get("/other").status()).isEqualTo(404);
        }
    }

    @Test
    @Order(2)
    void homepageAndRep() {
        Http.Reply home = http.get("/");
        assertThat(home.status()).isEqualTo(200);
        assertThat(home.contentType()).startsWith("application/json");
        assertThat(home.json().path("status").asText()).isEqualTo("successful");
        assertThat(home.message()).isNotBlank();

        Http.Reply rep = http.get("/rep");
        assertThat(rep.status()).isEqualTo(200);
        assertThat(rep.contentType()).startsWith("application/json");
        assertThat(rep.json().path("status").asText()).isEqualTo("successful");
        assertThat(rep.json().path("message").path("N").asInt()).isEqualTo(3).isEqualTo(rep.replicas().size());
    }

    @Test
    @Order(3)
    void proxiedRequestsReachAReplicaByConsistentHashing() {
        List<String> replicas = http.replicas();
        for (int i = 0; i < 20; i++) {
            Http.Reply home = http.get("/home");
            assertThat(home.status()).isEqualTo(200);
            assertThat(home.contentType()).startsWith("application/json");
            String message = home.message();
            assertThat(replicas).contains(message.substring(message.lastIndexOf(' ') + 1));
        }
        Http.Reply other = http.get("/other");
        assertThat(other.status()).isEqualTo(400);
        assertThat(other.message()).isEqualTo("<Error> '/other' endpoint does not exist in server replicas");
        assertThat(other.json().path("status").asText()).isEqualTo("failure");
    }

    @Test
    @Order(4)
    void addAppendsNamedAndGeneratedReplicas() {
        String named = "c4-" + cluster.suffix;
        Http.Reply added = http.send("POST", "/add", "{\"n\": 2, \"hostnames\": [\"" + named + "\"]}");
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        List<String> replicas = added.replicas();
        assertThat(replicas).hasSize(5);
        assertThat(added.json().path("message").path("N").asInt()).isEqualTo(5);
        assertThat(replicas.get(3)).isEqualTo(named);
        assertThat(ReplicaNames.isValid(replicas.get(4))).isTrue();
        assertThat(http.get("/rep").body()).isEqualTo(added.body());
        assertThat(cluster.runningNames()).containsExactlyInAnyOrderElementsOf(replicas);

        Http.Reply emptyList = http.send("POST", "/add", "{\"n\": 1, \"hostnames\": []}");
        assertThat(emptyList.status()).as(emptyList.body()).isEqualTo(200);
        assertThat(emptyList.replicas()).hasSize(6);
        Http.Reply absent = http.send("POST", "/add", "{\"n\": 1}");
        assertThat(absent.status()).as(absent.body()).isEqualTo(200);
        assertThat(absent.replicas()).hasSize(7);
    }

    @Test
    @Order(5)
    void rmRemovesNamedThenRandomReplicasAndAcceptsPost() throws Exception {
        List<String> before = http.replicas();
        String named = before.get(3);
        Http.Reply removed = http.send("DELETE", "/rm", "{\"n\": 2, \"hostnames\": [\"" + named + "\"]}");
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.replicas()).hasSize(5).doesNotContain(named);
        Http.Reply posted = http.send("POST", "/rm", "{\"n\": 2}");
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(posted.replicas()).hasSize(3);
        Eventually.within(java.time.Duration.ofSeconds(20),
                () -> cluster.runningNames().equals(posted.replicas().stream().sorted().toList()),
                () -> "containers " + cluster.runningNames() + ", /rep " + posted.replicas());
    }

    @Test
    @Order(6)
    void refusedRequestsSayWhyAndChangeNothing() {
        String existing = http.replicas().get(0);
        refused("POST", "/add", "{\"n\": 1, \"hostnames\": [\"x1-" + cluster.suffix + "\", \"x2-" + cluster.suffix + "\"]}",
                "<Error> Length of hostname list is more than newly added instances");
        refused("DELETE", "/rm", "{\"n\": 1, \"hostnames\": [\"" + existing + "\", \"x2\"]}",
                "<Error> Length of hostname list is more than removable instances");
        refused("POST", "/add", "{\"n\": 1, \"hostnames\": [", null);
        refused("POST", "/add", "{\"hostnames\": [\"x1\"]}", null);
        refused("POST", "/add", "{\"n\": \"two\"}", null);
        refused("POST", "/add", "{\"n\": 1.5}", null);
        refused("POST", "/add", "{\"n\": 0}", null);
        refused("POST", "/add", "{\"n\": 1, \"hostnames\": [\"_not-a-name\"]}", null);
        refused("POST", "/add", "{\"n\": 2, \"hostnames\": [\"d-" + cluster.suffix + "\", \"d-" + cluster.suffix + "\"]}", null);
        refused("POST", "/add", "{\"n\": 1, \"hostnames\": [\"" + existing + "\"]}", null);
        refused("POST", "/add", "{\"n\": 14}", null); // 3 + 14 > the maximum of 16
        refused("DELETE", "/rm", "{\"n\": 1, \"hostnames\": [\"nobody-" + cluster.suffix + "\"]}", null);
        refused("DELETE", "/rm", "{\"n\": 4}", null);
    }

    @Test
    @Order(7)
    void noReplicaLeftMeans503() {
        Http.Reply emptied = http.send("DELETE", "/rm", "{\"n\": 3}");
        assertThat(emptied.status()).as(emptied.body()).isEqualTo(200);
        assertThat(emptied.json().path("message").path("N").asInt()).isZero();
        Http.Reply none = http.get("/home");
        assertThat(none.status()).isEqualTo(503);
        assertThat(none.json().path("status").asText()).isEqualTo("failure");
        assertThat(http.send("POST", "/add", "{\"n\": 1}").status()).isEqualTo(200);
        assertThat(http.get("/home").status()).isEqualTo(200);
    }

    /** A 400 failure with {@code exact} as message (or any "<Error> ..." when null), and nothing changed. */
    private void refused(String method, String path, String body, String exact) {
        String rep = http.get("/rep").body();
        List<String> containers = cluster.runningNames();
        Http.Reply r = http.send(method, path, body);
        assertThat(r.status()).as(body + " -> " + r.body()).isEqualTo(400);
        assertThat(r.contentType()).startsWith("application/json");
        assertThat(r.json().path("status").asText()).isEqualTo("failure");
        if (exact != null) {
            assertThat(r.message()).isEqualTo(exact);
        } else {
            assertThat(r.message()).startsWith("<Error> ").hasSizeGreaterThan(12);
        }
        assertThat(http.get("/rep").body()).as("/rep after " + body).isEqualTo(rep);
        assertThat(cluster.runningNames()).as("containers after " + body).isEqualTo(containers);
    }
}
