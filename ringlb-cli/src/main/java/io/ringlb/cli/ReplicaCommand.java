package io.ringlb.cli;

import io.ringlb.balancer.cluster.ReplicaNames;
import io.ringlb.replica.ParentWatch;
import io.ringlb.replica.ReplicaServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ringlb replica}: runs one replica server in the foreground. */
@Command(name = "replica", mixinStandardHelpOptions = true,
        description = "Run one replica: GET /home answers with its name, GET /heartbeat with 200, anything else 404.")
final class ReplicaCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--name", description = "The replica's name (" + ReplicaNames.RULE + "), reported by /home (default: this host's name, "
            + "which in a container is the container's hostname).")
    String name;

    @Option(names = "--id", description = "Report this positive integer id on /home (Hello from Server: 3) instead of the name; "
            + "the balancer passes each replica's id with --home-id.")
    Integer id;

    @Option(names = "--port", defaultValue = "8080", description = "Port to listen on; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--bind", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--threads", defaultValue = "1", description = "Event loop threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--exit-with-parent", description = "Exit when stdin closes: how the balancer makes sure its replicas die with it.")
    boolean exitWithParent;

    @Option(names = "--warm-up-and-exit", hidden = true,
            description = "Serve a few requests to itself, then exit: the training run for the replica class-data archive.")
    boolean warmUpAndExit;

    @Override
    public Integer call() throws Exception {
        if (name == null) {
            name = hostName();
        }
        if (!ReplicaNames.isValid(name)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--name '" + name
                    + "' is not a valid name (" + ReplicaNames.RULE + ")");
        }
        if (port < 0 || port > 65535) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--port must be 0-65535, got " + port);
        }
        if (id != null && id < 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--id must be a positive integer, got " + id);
        }
        ReplicaServer server = ReplicaServer.start(name, id == null ? name : id.toString(), bind, port, threads);
        if (warmUpAndExit) {
            server.warmUp();
            server.close();
            return 0;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "replica-shutdown"));
        if (exitWithParent) {
            ParentWatch.onStdinClosed(() -> {
                server.close();
                Runtime.getRuntime().halt(0);
            });
        }
        server.awaitClose();
        return 0;
    }

    /** This host's name, as the kernel has it (a container's is its {@code --hostname}). */
    private String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "no --name given and this host's name is unknown: " + e.getMessage());
        }
    }
}
