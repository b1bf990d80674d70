package io.ringlb.cli;

import io.ringlb.balancer.admin.AdminSettings;
import io.ringlb.balancer.admin.AdminToken;
import io.ringlb.balancer.admin.BackendNetworks;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * {@code ringlb start}'s options for who may change the cluster (README, Security: admin access).
 * The token never appears in a message or a log line.
 */
final class AdminOptions {

    /** The environment variable the token may come from. */
    static final String TOKEN_ENV = "RINGLB_ADMIN_TOKEN";

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--admin-token", paramLabel = "TOKEN",
            description = "/add and /rm then need 'Authorization: Bearer TOKEN' from every client. A command line is visible "
                    + "to every user of the machine: prefer $" + TOKEN_ENV + " or --admin-token-file "
                    + "(default: none; only clients on this machine may change replicas).")
    String token;

    @Option(names = "--admin-token-file", paramLabel = "PATH",
            description = "Read the admin token from this file (surrounding whitespace ignored).")
    Path tokenFile;

    @Option(names = "--backend-networks", split = ",", paramLabel = "CIDR",
            description = "static: the only networks backends may be in, for --backends and /add's addresses, "
                    + "e.g. 10.0.0.0/8,127.0.0.1/32 (default: any).")
    List<String> backendNetworks;

    @Option(names = "--admin-trust-docker-host",
            description = "docker, with the balancer in a container: if its port is published on the host's loopback only "
                    + "(compose's default), admin requests from the Docker host (the container network's gateway, where that "
                    + "mapping's connections come from) count as local.")
    boolean trustDockerHost;

    /** The settings, the token read from the option, the file or the environment ({@code env} looks variables up). */
    AdminSettings settings(UnaryOperator<String> env) {
        return new AdminSettings(token(env), networks(), Set.of());
    }

    private Optional<AdminToken> token(UnaryOperator<String> env) {
        if (token != null && tokenFile != null) {
            throw usage("give the admin token once: --admin-token or --admin-token-file, not both");
        }
        try {
            if (token != null) {
                return Optional.of(AdminToken.of(token));
            }
            if (tokenFile != null) {
                return Optional.of(AdminToken.of(read(tokenFile)));
            }
            String fromEnv = env.apply(TOKEN_ENV);
            return fromEnv == null ? Optional.empty() : Optional.of(AdminToken.of(fromEnv));
        } catch (IllegalArgumentException e) {
            String from = token != null ? "--admin-token" : tokenFile != null ? "--admin-token-file " + tokenFile : "$" + TOKEN_ENV;
            throw usage(from + ": " + e.getMessage() + "; ringlb does not start without a usable token once one is asked for");
        }
    }

    private String read(Path file) {
        try {
            String content = Files.readString(file);
            warnIfOthersCanRead(file);
            return content;
        } catch (IOException | RuntimeException e) {
            throw usage("--admin-token-file " + file + ": cannot read it (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }

    private static void warnIfOthersCanRead(Path file) {
        try {
            if (Files.getPosixFilePermissions(file).contains(PosixFilePermission.OTHERS_READ)) {
                // Looked up here, not in a static field: picocli makes this class while logging still starts (EarlyStart).
                LoggerFactory.getLogger(AdminOptions.class).warn("admin: the token file {} is readable by every user of this machine (chmod 600 it)", file);
            }
        } catch (IOException | UnsupportedOperationException e) {
            // No POSIX permissions to judge by.
        }
    }

    private BackendNetworks networks() {
        if (backendNetworks == null || backendNetworks.isEmpty()) {
            return BackendNetworks.any();
        }
        try {
            return BackendNetworks.parse(backendNetworks);
        } catch (IllegalArgumentException e) {
            throw usage("--backend-networks: " + e.getMessage());
        }
    }

    /** Refuses {@code --backends} outside {@code --backend-networks}, and options meant for another provisioner. */
    void check(AdminSettings settings, String provisioner, Map<String, InetSocketAddress> backends) {
        if (trustDockerHost && !provisioner.equals("docker")) {
            throw usage("--admin-trust-docker-host needs --provisioner docker: it asks the engine how the balancer's port is published");
        }
        if (backendNetworks != null && !backendNetworks.isEmpty() && !provisioner.equals("static")) {
            throw usage("--backend-networks applies to --provisioner static");
        }
        for (Map.Entry<String, InetSocketAddress> b : backends.entrySet()) {
            if (!settings.backendNetworks().permits(b.getValue().getAddress())) {
                throw usage("--backends " + b.getKey() + " at " + b.getValue().getAddress().getHostAddress()
                        + " is outside --backend-networks " + settings.backendNetworks());
            }
        }
    }

    private CommandLine.ParameterException usage(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }
}
