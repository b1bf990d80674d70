package io.ringlb.cli;

import io.ringlb.cluster.ClusterSettings;
import io.ringlb.cluster.etcd.EtcdSettings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code ringlb start}'s options for cluster mode: several balancers sharing one replica set
 * kept in etcd. Without {@code --cluster-store} the balancer runs alone, as it always did.
 */
final class ClusterOptions {

    /** Where the etcd password may come from instead of a file. */
    static final String PASSWORD_ENV = "RINGLB_ETCD_PASSWORD";

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--cluster-store",
            description = "Cluster mode: etcd://HOST:PORT[,HOST:PORT...], the etcd members that keep the cluster's "
                    + "membership; --cluster names the cluster (default: off, one balancer alone).")
    String store;

    @Option(names = "--cluster-instance",
            description = "cluster: this balancer's name in the cluster, unique among live instances "
                    + "(default: HOSTNAME-PORT, or HOSTNAME-PID with --port 0).")
    String instance;

    @Option(names = "--cluster-lease-ttl", defaultValue = "5s",
            description = "cluster: an instance that stops renewing its etcd lease leaves after this, and a dead "
                    + "leader is replaced within it; whole seconds, at least 2 (default: ${DEFAULT-VALUE}).")
    Duration leaseTtl;

    @Option(names = "--cluster-advertise",
            description = "cluster: the host or address other instances reach this instance's replicas at "
                    + "(default: the address the replicas listen on; with process replicas across hosts, "
                    + "set it and --replica-bind).")
    String advertise;

    @Option(names = "--etcd-timeout", defaultValue = "2s",
            description = "cluster: the longest one call to etcd may take before etcd counts as unreachable (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--etcd-tls", description = "cluster: speak TLS to etcd (implied by --etcd-cacert and --etcd-cert).")
    boolean tls;

    @Option(names = "--etcd-cacert", description = "cluster: PEM CA certificate(s) that sign etcd's certificate (default: the JVM's trust store).")
    Path caCert;

    @Option(names = "--etcd-cert", description = "cluster: PEM client certificate, for etcd's --client-cert-auth (with --etcd-key).")
    Path cert;

    @Option(names = "--etcd-key", description = "cluster: the client certificate's key, PKCS#8 PEM (openssl pkcs8 -topk8 -nocrypt).")
    Path key;

    @Option(names = "--etcd-user", description = "cluster: etcd user, when etcd's authentication is on; the password comes "
            + "from --etcd-password-file or $" + PASSWORD_ENV + ".")
    String user;

    @Option(names = "--etcd-password-file", description = "cluster: a file holding the etcd user's password (one line).")
    Path passwordFile;

    boolean enabled() {
        return store != null && !store.isBlank();
    }

    /** This instance's name in the cluster, as given or by default. */
    String instanceName(int port) {
        if (instance != null) {
            return instance;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        host = host.replaceAll("[^a-zA-Z0-9_.-]", "-").replaceAll("^[^a-zA-Z0-9]+", "");
        return (host.isEmpty() ? "ringlb" : host) + "-" + (port != 0 ? port : ProcessHandle.current().pid());
    }

    /**
     * The cluster settings, checked; with {@code cluster} the cluster's name (the {@code --cluster} option).
     *
     * @throws CommandLine.ParameterException saying which value is wrong
     */
    ClusterSettings settings(String cluster, int port) {
        try {
            boolean useTls = tls || caCert != null || cert != null;
            String password = null;
            if (passwordFile != null) {
                password = Files.readString(passwordFile, StandardCharsets.UTF_8).strip();
            } else if (user != null) {
                password = System.getenv(PASSWORD_ENV);
            }
            EtcdSettings etcd = new EtcdSettings(EtcdSettings.parseEndpoints(store, useTls), useTls, caCert, cert, key,
                    user, password, timeout);
            return new ClusterSettings(etcd, cluster, instanceName(port), leaseTtl, advertise, port);
        } catch (IllegalArgumentException | java.io.IOException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cluster options: " + e.getMessage());
        }
    }

    /** Rejects cluster options given without {@code --cluster-store}. */
    void checkUnused() {
        if (!enabled() && (instance != null || advertise != null || tls || caCert != null || cert != null || key != null
                || user != null || passwordFile != null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "cluster and etcd options need --cluster-store");
        }
    }
}
