package io.ringlb.cli.it.cluster;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.ringlb.cli.it.Http;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A real etcd (Debian's {@code etcd-server}, which scripts/test.sh installs) of one or three
 * members, on free loopback ports with its data in a temporary directory, for the cluster-mode
 * integration tests. Members can be stopped and started again on the same data.
 */
final class EtcdCluster implements AutoCloseable {

    private static final String BINARY = "etcd";

    private final Path dir;
    private final int[] clientPorts;
    private final int[] peerPorts;
    private final Process[] members;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private EtcdCluster(Path dir, int size) throws IOException {
        this.dir = dir;
        this.clientPorts = new int[size];
        this.peerPorts = new int[size];
        this.members = new Process[size];
        for (int i = 0; i < size; i++) {
            clientPorts[i] = freePort();
            peerPorts[i] = freePort();
        }
    }

    /** Starts {@code size} members and waits until the cluster answers; skips (or in CI fails) without etcd. */
    static EtcdCluster start(int size) throws IOException, InterruptedException {
        requireBinary();
        EtcdCluster c = new EtcdCluster(Files.createTempDirectory("ringlb-etcd-it"), size);
        for (int i = 0; i < size; i++) {
            c.startMember(i);
        }
        c.awaitHealthy(Duration.ofSeconds(60));
        return c;
    }

    static void requireBinary() {
        boolean found = Stream.of(System.getenv("PATH").split(File.pathSeparator))
                .anyMatch(d -> Files.isExecutable(Path.of(d, BINARY)));
        if (found) {
            return;
        }
        String why = "no etcd binary on the PATH";
        if ("true".equals(System.getenv("CI"))) {
            fail(why + ": CI must run the cluster tests; scripts/test.sh installs Debian's etcd-server");
        }
        System.err.println("\n************************************************************************\n"
                + "*  SKIPPING the cluster-mode integration tests: " + why + "\n"
                + "*  Install it (apt-get install etcd-server) or run scripts/test.sh as root.\n"
                + "************************************************************************\n");
        Assumptions.abort(why);
    }

    /** Starts member {@code i} (again, on its data, after {@link #stopMember}). */
    void startMember(int i) throws IOException {
        StringBuilder initial = new StringBuilder();
        for (int j = 0; j < clientPorts.length; j++) {
            initial.append(j == 0 ? "" : ",").append("m").append(j).append("=http://127.0.0.1:").append(peerPorts[j]);
        }
        String client = "http://127.0.0.1:" + clientPorts[i];
        String peer = "http://127.0.0.1:" + peerPorts[i];
        // Slower raft timings than etcd's defaults (100 ms / 1 s): the test machine is shared and
        // busy, and a member that misses heartbeats would start needless elections.
        List<String> cmd = List.of(BINARY, "--name", "m" + i, "--data-dir", dir.resolve("m" + i).toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client,
                "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer,
                "--initial-cluster", initial.toString(), "--initial-cluster-state", "new",
                "--initial-cluster-token", dir.getFileName().toString(),
                "--heartbeat-interval", "200", "--election-timeout", "2000", "--log-level", "warn");
        members[i] = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("m" + i + ".log").toFile())).start();
    }

    /** SIGTERM to member {@code i}, waiting for it to exit. */
    void stopMember(int i) throws InterruptedException {
        Process p = members[i];
        if (p != null && p.isAlive()) {
            p.destroy();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    int size() {
        return members.length;
    }

    /** What {@code --cluster-store} takes. */
    String store() {
        List<String> eps = new ArrayList<>();
        for (int port : clientPorts) {
            eps.add("127.0.0.1:" + port);
        }
        return "etcd://" + String.join(",", eps);
    }

    /** Waits until a member answers reads that need a quorum. */
    void awaitHealthy(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < clientPorts.length; i++) {
                if (members[i] != null && members[i].isAlive() && range(i, "/ringlb-health-check") != null) {
                    return;
                }
            }
            Thread.sleep(200);
        }
        fail("etcd did not become healthy within " + within.toSeconds() + " s; logs in " + dir);
    }

    /**
     * The instance names of {@code cluster}, oldest registration first: the first is the
     * leader (ringlb's rule, etcd's election recipe). Empty if etcd cannot be read.
     */
    List<String> instancesByAge(String cluster) {
        String prefix = "/ringlb/" + cluster + "/instances/";
        for (int i = 0; i < clientPorts.length; i++) {
            if (members[i] == null || !members[i].isAlive()) {
                continue;
            }
            JsonNode r = range(i, prefix);
            if (r != null) {
                List<JsonNode> kvs = new ArrayList<>();
                r.path("kvs").forEach(kvs::add);
                kvs.sort(Comparator.comparingLong(kv -> kv.path("create_revision").asLong()));
                return kvs.stream().map(kv -> decode(kv.path("key").asText()).substring(prefix.length())).toList();
            }
        }
        return List.of();
    }

    /** A serializable (quorum) prefix read through etcd's JSON gateway, or null if member {@code i} cannot answer. */
    private JsonNode range(int i, String prefix) {
        byte[] p = prefix.getBytes(StandardCharsets.UTF_8);
        byte[] end = p.clone();
        end[end.length - 1]++;
        String body = "{\"key\":\"" + encode(p) + "\",\"range_end\":\"" + encode(end) + "\"}";
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + clientPorts[i] + "/v3/kv/range"))
                    .timeout(Duration.ofSeconds(3)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? Http.JSON.readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static String encode(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException, IOException {
        for (int i = 0; i < members.length; i++) {
            stopMember(i);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
