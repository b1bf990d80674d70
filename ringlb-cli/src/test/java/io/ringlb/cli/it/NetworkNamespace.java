package io.ringlb.cli.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A network namespace of the test's own, joined to this host by a veth pair on a /30 of
 * 10.213.0.0/16: a client in it is on another (virtual) machine as far as the balancer can tell,
 * and no traffic leaves this host. Needs root and iproute2 ({@code ip}); elsewhere the test skips,
 * except in CI ({@code CI=true}), where it fails.
 */
final class NetworkNamespace implements AutoCloseable {

    /** This host's end of the pair: bind a balancer here for the namespace to reach it. */
    final String hostAddress;
    /** The namespace's end: the client address the balancer sees. */
    final String clientAddress;
    private final String name;
    private final String hostLink;

    private NetworkNamespace(String name, String hostLink, String hostAddress, String clientAddress) {
        this.name = name;
        this.hostLink = hostLink;
        this.hostAddress = hostAddress;
        this.clientAddress = clientAddress;
    }

    static NetworkNamespace create() throws IOException, InterruptedException {
        int id = ThreadLocalRandom.current().nextInt(1 << 14);
        String name = "ringlb-it-" + id;
        String hostLink = "rlh" + id;
        String nsLink = "rln" + id;
        String net = "10.213." + (id >> 6) + ".";
        int first = (id & 63) * 4; // the /30's network address
        String host = net + (first + 1);
        String client = net + (first + 2);
        NetworkNamespace ns = new NetworkNamespace(name, hostLink, host, client);
        String why = ns.tryRun(List.of("ip", "netns", "add", name));
        if (why != null) {
            String message = "cannot create a network namespace (" + why.strip() + "): the non-loopback client tests need root and iproute2";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            System.err.println("SKIPPING: " + message);
            Assumptions.abort(message);
        }
        try {
            ns.run("ip", "link", "add", hostLink, "type", "veth", "peer", "name", nsLink);
            ns.run("ip", "link", "set", nsLink, "netns", name);
            ns.run("ip", "addr", "add", host + "/30", "dev", hostLink);
            ns.run("ip", "link", "set", hostLink, "up");
            ns.run("ip", "netns", "exec", name, "ip", "addr", "add", client + "/30", "dev", nsLink);
            ns.run("ip", "netns", "exec", name, "ip", "link", "set", nsLink, "up");
            ns.run("ip", "netns", "exec", name, "ip", "link", "set", "lo", "up");
        } catch (IOException | RuntimeException e) {
            ns.close();
            throw e;
        }
        return ns;
    }

    /**
     * Sends one request from inside the namespace (with Python's http.client, stock on Debian):
     * the status, the {@code WWW-Authenticate} field (empty if none) and the body, one per line.
     */
    List<String> request(String method, String url, String body, String... headers) throws IOException, InterruptedException {
        String client = """
                import http.client, sys, urllib.parse
                u = urllib.parse.urlsplit(sys.argv[2])
                c = http.client.HTTPConnection(u.hostname, u.port, timeout=10)
                h = dict(a.split(': ', 1) for a in sys.argv[4:])
                c.request(sys.argv[1], u.path, body=sys.argv[3].encode() or None, headers=h)
                r = c.getresponse()
                print(r.status)
                print(r.getheader('WWW-Authenticate') or '')
                print(r.read().decode())
                """;
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", name, "python3", "-c", client, method, url, body));
        cmd.addAll(List.of(headers));
        return List.of(run(cmd.toArray(String[]::new)).split("\n", 3));
    }

    private String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " failed: " + out);
        }
        return out;
    }

    /** Runs {@code cmd}: null if it worked, else what it said. */
    private String tryRun(List<String> cmd) throws InterruptedException {
        try {
            run(cmd.toArray(String[]::new));
            return null;
        } catch (IOException e) {
            return e.getMessage();
        }
    }

    @Override
    public void close() throws InterruptedException {
        tryRun(List.of("ip", "link", "del", hostLink)); // takes its peer with it
        tryRun(List.of("ip", "netns", "del", name));
    }
}
