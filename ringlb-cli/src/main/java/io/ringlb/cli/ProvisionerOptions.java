package io.ringlb.cli;

import io.ringlb.balancer.cluster.ReplicaNames;
import io.ringlb.balancer.provision.ProcessProvisioner;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.balancer.provision.StaticProvisioner;
import io.ringlb.docker.DockerProvisioner;
import io.ringlb.docker.DockerSettings;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ringlb start}'s options for where replicas come from: child processes, static backends or containers. */
final class ProvisionerOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--provisioner", defaultValue = "process",
            description = "process (child JVMs), docker (containers) or static (--backends) (default: ${DEFAULT-VALUE}).")
    String provisioner;

    @Option(names = "--keep-replicas",
            description = "docker: leave the replica containers running on shutdown, for the next balancer of the cluster to adopt.")
    boolean keepReplicas;

    @Option(names = "--backends", split = ",", description = "static: NAME=HOST:PORT,... servers ringlb balances but did not start.")
    List<String> backends;

    @Option(names = "--replica-log-dir", description = "process: where replica output goes (default: <tmp>/ringlb-<pid>).")
    Path replicaLogDir;

    @Option(names = "--home-id",
            description = "process, docker: replicas answer /home with their integer id (Hello from Server: 3), the smallest free "
                    + "positive integer when added (the spec mode's ids), instead of their name; /rep still lists names. "
                    + "Static backends answer /home themselves, so static refuses it.")
    boolean homeId;

    @Option(names = "--replica-bind", defaultValue = "127.0.0.1",
            description = "process: the address replicas listen on, e.g. 0.0.0.0 for a cluster across hosts (default: ${DEFAULT-VALUE}).")
    String replicaBind;

    @Option(names = "--replica-jvm-opts", defaultValue = ReplicaLauncherCommand.DEFAULT_JVM_OPTS, description = "process: JVM options for replicas (default: ${DEFAULT-VALUE}).")
    String replicaJvmOpts;

    @Mixin
    DockerOptions docker;

    /** The provisioner's kind, checked. */
    String kind() {
        String kind = provisioner.trim().toLowerCase(Locale.ROOT);
        if (!List.of("process", "docker", "static").contains(kind)) {
            throw usage("--provisioner must be process, docker or static, got '" + provisioner + "'");
        }
        return kind;
    }

    /** Checks every option of the chosen provisioner without starting anything. */
    void validate() {
        if (homeId && kind().equals("static")) {
            throw usage("--home-id needs replicas ringlb starts (process or docker): static backends answer /home themselves");
        }
        if (homeId && docker.warmSpare) {
            throw usage("--home-id and --warm-spare do not go together: a spare's container starts before the id it will report is known");
        }
        if (kind().equals("docker")) {
            dockerSettings();
        }
        if (kind().equals("process")) {
            replicaBindAddress();
        }
        staticBackends();
    }

    /**
     * The provisioner the options describe. Opening the docker provisioner talks to the engine and
     * throws {@link io.ringlb.docker.DockerUnavailableException} when it cannot work.
     *
     * @param clusterInstance in cluster mode, this balancer's instance name: its containers get the
     *                        label {@code <cluster>.<instance>}, so instances sharing an engine never
     *                        adopt each other's; null for a balancer alone
     */
    Provisioner create(String clusterInstance) {
        return switch (kind()) {
            case "process" -> new ProcessProvisioner(ReplicaLauncherCommand.command(replicaJvmOpts),
                    replicaLogDir != null ? replicaLogDir
                            : Path.of(System.getProperty("java.io.tmpdir"), "ringlb-" + ProcessHandle.current().pid()),
                    replicaBindAddress(), homeId);
            case "docker" -> DockerProvisioner.open(clusterInstance == null ? dockerSettings()
                    : dockerSettings().withCluster(docker.cluster + "." + clusterInstance));
            default -> new StaticProvisioner();
        };
    }

    /** The cluster's name: the docker label of a balancer alone, the etcd cluster in cluster mode. */
    String cluster() {
        return docker.cluster;
    }

    private java.net.InetAddress replicaBindAddress() {
        try {
            return java.net.InetAddress.getByName(replicaBind.trim());
        } catch (java.net.UnknownHostException e) {
            throw usage("--replica-bind '" + replicaBind + "' is not an address of this host");
        }
    }

    /** The docker provisioner's settings, checked. */
    DockerSettings dockerSettings() {
        try {
            return docker.settings().withHomeId(homeId);
        } catch (IllegalArgumentException e) {
            throw usage("docker options: " + e.getMessage());
        }
    }

    /** The static backends, name to address, in the order given (empty for other provisioners). */
    Map<String, InetSocketAddress> staticBackends() {
        Map<String, InetSocketAddress> map = new LinkedHashMap<>();
        boolean isStatic = kind().equals("static");
        if (backends == null || backends.isEmpty()) {
            if (isStatic) {
                throw usage("--provisioner static needs --backends NAME=HOST:PORT,...");
            }
            return map;
        }
        if (!isStatic) {
            throw usage("--backends needs --provisioner static");
        }
        for (String b : backends) {
            int eq = b.indexOf('=');
            int colon = b.lastIndexOf(':');
            if (eq <= 0 || colon < eq + 2 || colon == b.length() - 1) {
                throw usage("--backends entry '" + b + "' must be NAME=HOST:PORT");
            }
            String name = b.substring(0, eq);
            if (!ReplicaNames.isValid(name)) {
                throw usage("--backends name '" + name + "' is not a valid name (" + ReplicaNames.RULE + ")");
            }
            int p;
            try {
                p = Integer.parseInt(b.substring(colon + 1));
            } catch (NumberFormatException e) {
                throw usage("--backends port in '" + b + "': " + e.getMessage());
            }
            if (p < 1 || p > 65535) {
                throw usage("--backends port in '" + b + "' must be 1-65535");
            }
            InetSocketAddress addr = new InetSocketAddress(b.substring(eq + 1, colon), p);
            if (addr.isUnresolved()) {
                throw usage("--backends host in '" + b + "' does not resolve");
            }
            if (map.put(ReplicaNames.key(name), addr) != null) {
                throw usage("--backends names '" + name + "' twice");
            }
        }
        return map;
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
