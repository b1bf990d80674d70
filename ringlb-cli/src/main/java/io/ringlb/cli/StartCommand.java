package io.ringlb.cli;

import io.ringlb.balancer.Balancer;
import io.ringlb.balancer.BalancerConfig;
import io.ringlb.balancer.admin.AdminSettings;
import io.ringlb.balancer.adminport.AdminListenerException;
import io.ringlb.balancer.cluster.ReplicaControl;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.balancer.proxy.HashKey;
import io.ringlb.balancer.proxy.ProxySettings;
import io.ringlb.cluster.ClusterControl;
import io.ringlb.cluster.ClusterSettings;
import io.ringlb.core.Algorithm;
import io.ringlb.core.BoundedLoads;
import io.ringlb.core.HashingConfig;
import io.ringlb.core.MaglevTable;
import io.ringlb.core.Probing;
import io.ringlb.core.SpecFunctions;
import io.ringlb.docker.DockerProvisioner;
import io.ringlb.docker.DockerUnavailableException;
import io.ringlb.transport.Transport;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ringlb start}: the balancer and its replicas, in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "start", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Start the load balancer and the replicas it owns.")
final class StartCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--port", defaultValue = "5000", description = "Port to listen on (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--replicas", defaultValue = "3", description = "Replicas to run (default: ${DEFAULT-VALUE}).")
    int replicas;

    @Option(names = "--max-replicas", defaultValue = "64", description = "Most replicas /add may reach (default: ${DEFAULT-VALUE}).")
    int maxReplicas;

    @Option(names = "--algorithm", defaultValue = "ring", description = "ring, maglev or spec (default: ${DEFAULT-VALUE}).")
    String algorithm;

    @Option(names = "--vnodes", defaultValue = "" + HashingConfig.DEFAULT_VNODES, description = "ring: points per unit of weight (default: ${DEFAULT-VALUE}).")
    int vnodes;

    @Option(names = "--maglev-table-size", defaultValue = "" + MaglevTable.DEFAULT_SIZE, description = "maglev: table size, a prime (default: ${DEFAULT-VALUE}).")
    int maglevTableSize;

    @Option(names = "--spec-hash", defaultValue = "quadratic", description = "spec: H and Φ, quadratic (the assignment's) or xxhash (default: ${DEFAULT-VALUE}).")
    String specHash;

    @Option(names = "--probing", defaultValue = "linear", description = "spec: slot conflicts, linear or quadratic (default: ${DEFAULT-VALUE}).")
    String probing;

    @Option(names = "--balance-factor", description = "Bounded loads: no replica holds more than ceil(c x average) requests in flight, e.g. 1.25 (default: off).")
    Double balanceFactor;

    @Option(names = "--hash-key", defaultValue = HashKey.DEFAULT, description = "Hash key sources, first match wins: header:NAME, cookie:NAME, query:NAME, path, uri, ip, random (default: ${DEFAULT-VALUE}).")
    String hashKey;

    @Option(names = "--heartbeat-interval", defaultValue = "500ms", description = "Between heartbeats to each replica (default: ${DEFAULT-VALUE}).")
    Duration heartbeatInterval;

    @Option(names = "--heartbeat-fails", defaultValue = "2", description = "Consecutive failed heartbeats that take a replica out (default: ${DEFAULT-VALUE}).")
    int heartbeatFails;

    @Option(names = "--heartbeat-timeout", defaultValue = "1s", description = "One heartbeat's time limit (default: ${DEFAULT-VALUE}).")
    Duration heartbeatTimeout;

    @Option(names = "--startup-timeout", defaultValue = "15s", description = "A new replica's time to answer its first heartbeat (default: ${DEFAULT-VALUE}).")
    Duration startupTimeout;

    @Option(names = "--drain-timeout", defaultValue = "30s", description = "A removed replica's time to finish its requests (default: ${DEFAULT-VALUE}).")
    Duration drainTimeout;

    @Option(names = "--connect-timeout", defaultValue = "1s", description = "To open a connection to a replica (default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = "--response-timeout", defaultValue = "30s", description = "From a request's last progress (sent, or a piece of its body) to its response's start, "
            + "and then between two pieces of the response body (default: ${DEFAULT-VALUE}).")
    Duration responseTimeout;

    @Option(names = "--client-idle-timeout", defaultValue = "60s", description = "Idle client keep-alive connections close after this (default: ${DEFAULT-VALUE}).")
    Duration clientIdleTimeout;

    @Option(names = "--retries", defaultValue = "2", description = "Other replicas a failed request may move on to (default: ${DEFAULT-VALUE}).")
    int retries;

    @Option(names = "--max-replay-body", defaultValue = "65536", description = "Largest request body (bytes) kept to retry an idempotent request (default: ${DEFAULT-VALUE}).")
    int maxReplayBody;

    @Option(names = "--pass-404", description = "Pass replicas' 404s through instead of the contract's 400 '<Error> ... endpoint does not exist'.")
    boolean pass404;

    @Option(names = "--transport", defaultValue = "auto",
            description = "Network transport: auto, epoll, io_uring or nio (default: ${DEFAULT-VALUE}: epoll on Linux, else nio).")
    String transport;

    @Option(names = "--io-threads", defaultValue = "0", description = "Event loop threads, 0 for one per core (default: ${DEFAULT-VALUE}).")
    int ioThreads;

    @Option(names = "--cpu-affinity", defaultValue = "false", negatable = true, fallbackValue = "true",
            description = "Pin each event loop to its own CPU when there are enough, as HAProxy's cpu-map does. Faster beside "
                    + "unrelated CPU-heavy processes (each loop keeps a CPU); slower where the balancer's own clients or "
                    + "backends run on the same CPUs, since a pinned loop cannot move off theirs (default: off).")
    boolean cpuAffinity;

    @Option(names = "--shutdown-grace", defaultValue = "10s", description = "On SIGTERM, time for requests in flight to finish; "
            + "the exit status is 0 if they all did, 1 if not (default: ${DEFAULT-VALUE}).")
    Duration shutdownGrace;

    @CommandLine.Mixin
    ProvisionerOptions provisioning;

    @CommandLine.Mixin
    RequestLimitOptions requestLimits;

    @CommandLine.Mixin
    ObserveOptions observe;

    @CommandLine.Mixin
    ClusterOptions clustering;

    @CommandLine.Mixin
    AdminOptions admin;

    @CommandLine.Mixin
    ConnectionLimitOptions limits;

    @Override
    public Integer call() throws Exception {
        BalancerConfig config = config();
        ReplicaControl.Factory control = ReplicaControl.Factory.STANDALONE;
        String clusterInstance = null;
        if (clustering.enabled()) {
            ClusterSettings cluster = clustering.settings(provisioning.cluster(), port);
            control = ClusterControl.factory(cluster);
            clusterInstance = cluster.instance();
        }
        Provisioner prov;
        try {
            prov = provisioning.create(clusterInstance);
        } catch (DockerUnavailableException e) {
            spec.commandLine().getErr().println("ringlb: " + e.getMessage());
            return 1;
        }
        // The stop handlers exist before the balancer announces it listens, so a SIGTERM right
        // after the announcement still shuts down cleanly. Before that, process replicas die with
        // us anyway.
        AtomicReference<Balancer> running = new AtomicReference<>();
        StopSignals.install(() -> {
            Balancer b = running.get();
            if (b != null) {
                b.close();
            }
        }, () -> running.get() != null);
        if (admin.trustDockerHost && prov instanceof DockerProvisioner docker) {
            config = config.withAdmin(config.admin().withLocalPeers(docker.hostPeersThroughLoopback(config.port())));
        }
        Balancer balancer;
        try {
            balancer = Balancer.start(config, prov, control, running::set);
        } catch (AdminListenerException | UncheckedIOException e) {
            spec.commandLine().getErr().println("ringlb: " + e.getMessage());
            return 1;
        }
        balancer.awaitClose();
        StopSignals.awaitStopped();
        return balancer.stoppedCleanly() ? 0 : 1;
    }

    BalancerConfig config() {
        Algorithm algo = parse(() -> Algorithm.parse(algorithm), "--algorithm");
        HashingConfig hashing = parse(() -> HashingConfig.defaults(algo)
                .withVnodes(vnodes)
                .withMaglevTableSize(maglevTableSize)
                .withSpec(SpecFunctions.valueOf(specHash.trim().toUpperCase(java.util.Locale.ROOT)),
                        Probing.valueOf(probing.trim().toUpperCase(java.util.Locale.ROOT))), "hashing options");
        double factor = balanceFactor == null ? 0 : parse(() -> BoundedLoads.checkFactor(balanceFactor), "--balance-factor");
        if (factor > 0 && algo == Algorithm.SPEC) {
            throw usage("--balance-factor applies to ring and maglev, not spec");
        }
        HashKey key = parse(() -> HashKey.parse(hashKey), "--hash-key");
        positive(replicas + 1, "--replicas must be >= 0");
        positive(maxReplicas, "--max-replicas must be >= 1");
        positive(heartbeatFails, "--heartbeat-fails must be >= 1");
        positive(retries + 1, "--retries must be >= 0");
        positive(maxReplayBody + 1, "--max-replay-body must be >= 0");
        if (port < 0 || port > 65535) {
            throw usage("--port must be 0-65535, got " + port);
        }
        if (replicas > Math.min(maxReplicas, hashing.maxMembers())) {
            throw usage("--replicas " + replicas + " is more than " + Math.min(maxReplicas, hashing.maxMembers())
                    + " (--max-replicas, or the limit of " + algo.cliName() + " mode)");
        }
        for (Duration d : new Duration[] {heartbeatInterval, heartbeatTimeout, startupTimeout, connectTimeout, responseTimeout, clientIdleTimeout}) {
            if (d.isZero()) {
                throw usage("timeouts and intervals must be > 0");
            }
        }
        provisioning.validate();
        AdminSettings access = admin.settings(System::getenv);
        Map<String, InetSocketAddress> backends = provisioning.staticBackends();
        admin.check(access, provisioning.kind(), backends);
        // The balancer's event loops, heartbeats and proxy connections all use the chosen transport.
        System.setProperty(Transport.PROPERTY, parse(() -> Transport.choose(transport), "--transport").name());
        clustering.checkUnused();
        if (clustering.enabled()) {
            if (provisioning.kind().equals("static")) {
                throw usage("--cluster-store runs replicas with --provisioner process or docker, not static");
            }
            clustering.settings(provisioning.cluster(), port);
        }
        ProxySettings proxy = new ProxySettings(key, factor, retries, maxReplayBody, connectTimeout,
                responseTimeout, clientIdleTimeout, requestLimits.requestHeaderTimeout(),
                requestLimits.backendIdleTimeout(), requestLimits.limits(), !pass404);
        return new BalancerConfig(bind, port, ioThreads, cpuAffinity, hashing, proxy, replicas, maxReplicas, heartbeatInterval,
                heartbeatFails, heartbeatTimeout, startupTimeout, drainTimeout, shutdownGrace, backends,
                provisioning.keepReplicas, observe.settings(), access, limits.maxConnections());
    }

    private void positive(int v, String message) {
        if (v < 1) {
            throw usage(message);
        }
    }

    private <T> T parse(java.util.function.Supplier<T> s, String what) {
        try {
            return s.get();
        } catch (IllegalArgumentException e) {
            throw usage(what + ": " + e.getMessage());
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
