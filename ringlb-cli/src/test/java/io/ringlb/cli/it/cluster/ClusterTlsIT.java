package io.ringlb.cli.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.auth.Permission;
import io.ringlb.cli.it.Http;
import io.ringlb.cli.it.RinglbProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode against an etcd that speaks only TLS, asks for client certificates and has
 * authentication on: a balancer with {@code --etcd-cacert}, {@code --etcd-cert}/{@code --etcd-key}
 * and a user with rights on its cluster's prefix only serves; the wrong password does not start.
 * Certificates are made here with openssl.
 */
class ClusterTlsIT {

    @Test
    void aBalancerReachesEtcdWithTlsAClientCertificateAndAUser(@TempDir Path dir) throws Exception {
        EtcdCluster.requireBinary();
        Path ca = dir.resolve("ca.pem");
        Path server = dir.resolve("server.pem");
        Path client = dir.resolve("client.pem");
        openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
                "-subj", "/CN=ringlb-test-ca");
        signed(dir, "server", "/CN=127.0.0.1", "subjectAltName=IP:127.0.0.1");
        signed(dir, "client", "/CN=ringlb", "extendedKeyUsage=clientAuth");
        Path password = Files.writeString(dir.resolve("password"), "ringlb-pw\n");

        int port = freePort();
        int peer = freePort();
        String url = "https://127.0.0.1:" + port;
        Process etcd = new ProcessBuilder("etcd", "--name", "tls", "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", url, "--advertise-client-urls", url,
                "--listen-peer-urls", "http://127.0.0.1:" + peer, "--initial-advertise-peer-urls", "http://127.0.0.1:" + peer,
                "--initial-cluster", "tls=http://127.0.0.1:" + peer, "--cert-file", server.toString(),
                "--key-file", dir.resolve("server.key").toString(), "--trusted-ca-file", ca.toString(), "--client-cert-auth",
                "--log-level", "warn").redirectErrorStream(true).redirectOutput(dir.resolve("etcd.log").toFile()).start();
        try {
            enableAuth(url, ca, client, dir.resolve("client.key"));
            List<String> tls = List.of("--cluster-store", "etcd://127.0.0.1:" + port, "--cluster", "secure", "--replicas", "1",
                    "--etcd-cacert", ca.toString(), "--etcd-cert", client.toString(), "--etcd-key", dir.resolve("client.key").toString(),
                    "--etcd-user", "ringlb");
            List<String> args = new ArrayList<>(tls);
            args.addAll(List.of("--etcd-password-file", password.toString(), "--cluster-instance", "tls-a"));
            try (RinglbProcess lb = RinglbProcess.start(args.toArray(String[]::new))) {
                Http.Response rep = new Http().get(lb.url("/rep"));
                assertThat(Instances.names(rep)).containsExactly("server1");
                assertThat(Instances.version(rep)).isPositive();
                assertThat(new Http().get(lb.url("/home")).status()).isEqualTo(200);

                Path wrong = Files.writeString(dir.resolve("wrong"), "not-the-password\n");
                List<String> bad = new ArrayList<>(tls);
                bad.addAll(List.of("--etcd-password-file", wrong.toString(), "--cluster-instance", "tls-b"));
                assertThatThrownBy(() -> RinglbProcess.start(bad.toArray(String[]::new)))
                        .hasMessageContaining("authentication failed");
            }
        } finally {
            etcd.destroy();
            etcd.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A root user, then user ringlb with read and write on /ringlb/secure/ only, then authentication on. */
    private static void enableAuth(String url, Path ca, Path cert, Path key) throws Exception {
        try (Client c = Client.builder().endpoints(url).sslContext(b -> b.trustManager(ca.toFile()).keyManager(cert.toFile(), key.toFile()))
                .build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (true) {
                try {
                    c.getKVClient().get(bytes("/ready")).get(3, TimeUnit.SECONDS);
                    break;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(300);
                }
            }
            var auth = c.getAuthClient();
            auth.roleAdd(bytes("root")).get();
            auth.userAdd(bytes("root"), bytes("root-pw")).get();
            auth.userGrantRole(bytes("root"), bytes("root")).get();
            auth.roleAdd(bytes("ringlb")).get();
            auth.roleGrantPermission(bytes("ringlb"), bytes("/ringlb/secure/"), bytes("/ringlb/secure0"), Permission.Type.READWRITE).get();
            auth.userAdd(bytes("ringlb"), bytes("ringlb-pw")).get();
            auth.userGrantRole(bytes("ringlb"), bytes("ringlb")).get();
            auth.authEnable().get();
        }
    }

    private static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    /** {@code name.key} (PKCS#8) and {@code name.pem}, signed by the test CA, with one extension. */
    private static void signed(Path dir, String name, String subject, String extension) throws Exception {
        openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj", subject);
        Files.writeString(dir.resolve(name + ".ext"), extension + "\n");
        openssl(dir, "x509", "-req", "-in", name + ".csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", name + ".pem", "-days", "2", "-extfile", name + ".ext");
    }

    private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0).as("openssl " + String.join(" ", args) + ":\n" + out).isTrue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
