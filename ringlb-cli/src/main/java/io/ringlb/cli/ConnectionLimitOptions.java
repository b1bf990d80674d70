package io.ringlb.cli;

import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code ringlb start}'s limit on client connections. */
final class ConnectionLimitOptions {

    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--max-connections", defaultValue = "0", paramLabel = "N",
            description = "Client connections at most; past it the longest-idle keep-alive connection closes to make room, and a new "
                    + "connection is refused only when none is idle. 0: what the open-files limit allows, each client with a replica "
                    + "connection, after a reserve for heartbeats and replicas, and at most 4 KiB of heap a connection "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxConnections;

    /** The limit, checked: 0 for the default. */
    int maxConnections() {
        if (maxConnections < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--max-connections must be >= 0, got " + maxConnections);
        }
        return maxConnections;
    }
}
