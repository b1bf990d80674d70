package io.ringlb.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.command.InspectContainerResponse;
import io.ringlb.balancer.Balancer;
import io.ringlb.balancer.cluster.Replica;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * CONTRACT.md with containers. A name that {@code /rm} removed is free at once, even while its old
 * replica still drains: container names are global on the engine, so the draining container is
 * renamed, and a balancer restarted while one drains removes it instead of adopting it. With
 * {@code --home-id}, {@code /home} reports each replica's integer id, which it keeps when adopted.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DockerContractFixesIT {

    @Test
    void aRemovedNameIsFreeAtOnceWhileItsRenamedContainerDrains() throws Exception {
        try (TestCluster cluster = new TestCluster("reuse")) {
            Balancer balancer = cluster.start(Reach.PUBLISHED, 1, true);
            Http http = new Http(balancer.address());
            String name = "S_" + cluster.suffix + ".eu"; // a name Docker accepts that is not a DNS label
            String body = "{\"n\": 1, \"hostnames\": [\"" + name + "\"]}";
            assertThat(http.send("POST", "/add", body).status()).isEqualTo(200);
            String oldId = cluster.inspect(name).getId();
            Replica old = member(balancer, name);

            try (Socket held = new Socket(balancer.address().getAddress(), balancer.address().getPort())) {
                held.setSoTimeout(20_000);
                // A request to the replica whose body is not all sent yet: it stays in flight.
                OutputStream out = held.getOutputStream();
                out.write(("POST /home HTTP/1.1\r\nHost: it\r\nX-Request-Id: " + requestIdServedBy(http, name)
                        + "\r\nContent-Length: 4\r\n\r\nab").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                Eventually.within(Duration.ofSeconds(10), () -> old.inFlight() == 1, () -> "in flight: " + old.inFlight());

                assertThat(http.send("DELETE", "/rm", body).status()).isEqualTo(200);
                Http.Reply again = http.send("POST", "/add", body); // at once
                assertThat(again.status()).as(again.body()).isEqualTo(200);
                assertThat(again.replicas()).endsWith(name);

                InspectContainerResponse fresh = cluster.inspect(name);
                assertThat(fresh.getId()).as("a new container has the name").isNotEqualTo(oldId);
                InspectContainerResponse draining = cluster.inspect(oldId);
                assertThat(draining.getName()).isEqualTo("/" + name + "-draining-" + oldId.substring(0, 12));
                assertThat(draining.getState().getRunning()).as("still draining").isTrue();

                out.write("cd".getBytes(StandardCharsets.US_ASCII)); // the old replica answers, and is done
                out.flush();
                String reply = readHead(held.getInputStream());
                assertThat(reply).as("POST /home is a 404 at the replica, the contract's 400 here").startsWith("HTTP/1.1 400");
            }
            Eventually.within(Duration.ofSeconds(20), () -> cluster.inspect(oldId) == null, () -> "still there: " + cluster.runningNames());
            assertThat(cluster.runningNames()).contains(name);
        }
    }

    @Test
    void aRestartRemovesAContainerLeftDrainingInsteadOfAdoptingIt() throws Exception {
        try (TestCluster cluster = new TestCluster("reuse-restart")) {
            Balancer first = cluster.start(Reach.PUBLISHED, 2, true);
            java.util.List<String> before = new Http(first.address()).replicas();
            first.close(); // keeps the containers
            // What a balancer that dies while a removed replica drains leaves behind.
            String drained = before.get(1);
            String oldId = cluster.inspect(drained).getId();
            cluster.docker.renameContainerCmd(oldId).withName(DrainingName.of(drained, oldId)).exec();

            Balancer second = cluster.start(Reach.PUBLISHED, 2, false);
            java.util.List<String> after = new Http(second.address()).replicas();
            assertThat(after).hasSize(2).startsWith(before.get(0));
            assertThat(cluster.inspect(oldId)).as("the draining container is removed, not adopted").isNull();
            assertThat(cluster.containers()).hasSize(2).noneMatch(c -> c.getId().equals(oldId));
            assertThat(cluster.runningNames()).containsExactlyInAnyOrderElementsOf(after);
        }
    }

    @Test
    void withHomeIdEachContainerReportsItsIdAndKeepsItWhenAdopted() throws Exception {
        try (TestCluster cluster = new TestCluster("home-id")) {
            DockerSettings settings = cluster.settings(Reach.PUBLISHED).withHomeId(true);
            Balancer first = cluster.start(settings, 3, true);
            Http http = new Http(first.address());
            assertThat(http.send("DELETE", "/rm", "{\"n\": 1, \"hostnames\": [\"" + http.replicas().get(0) + "\"]}").status())
                    .isEqualTo(200);
            Map<String, String> ids = idsByName(first);
            assertThat(ids.values()).containsExactlyInAnyOrder("2", "3");
            first.close(); // keeps the containers

            Balancer second = cluster.start(settings, 3, true);
            Map<String, String> adopted = idsByName(second);
            assertThat(adopted).containsAllEntriesOf(ids).hasSize(3);
            assertThat(adopted.values()).as("the new one takes the free id").containsExactlyInAnyOrder("1", "2", "3");
            second.close();
            java.util.List<String> kept = cluster.containers().stream().map(c -> c.getId()).toList();

            // A balancer without --home-id does not adopt containers that report ids: it replaces them.
            Balancer third = cluster.start(cluster.settings(Reach.PUBLISHED), 3, false);
            Http plain = new Http(third.address());
            for (int i = 0; i < 20; i++) {
                assertThat(plain.get("/home").message()).matches("Hello from Server: \\D.*");
            }
            assertThat(cluster.containers()).hasSize(3).noneMatch(c -> kept.contains(c.getId()));
        }
    }

    /** What {@code /home} reports, by the name of the replica that answered, over every replica. */
    private static Map<String, String> idsByName(Balancer balancer) {
        Map<String, String> ids = new HashMap<>();
        for (Replica r : balancer.routing().table().members()) {
            Http direct = new Http(r.address());
            String message = direct.get("/home").message();
            assertThat(message).matches("Hello from Server: \\d+");
            ids.put(r.name(), message.substring(message.lastIndexOf(' ') + 1));
        }
        return ids;
    }

    private static Replica member(Balancer balancer, String name) {
        return balancer.routing().table().members().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    /** A request id that the balancer routes to replica {@code name}. */
    private static String requestIdServedBy(Http http, String name) {
        for (int id = 100000; id < 101000; id++) {
            String message = http.get("/home", "X-Request-Id", Integer.toString(id)).message();
            if (message.endsWith(": " + name)) {
                return Integer.toString(id);
            }
        }
        throw new AssertionError("no request id among 1000 reaches " + name);
    }

    private static String readHead(InputStream in) throws java.io.IOException {
        StringBuilder sb = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && sb.indexOf("\r\n\r\n") < 0) {
            sb.append((char) b);
        }
        return sb.toString();
    }
}
