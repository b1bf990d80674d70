package io.ringlb.cli;

import io.ringlb.transport.Transport;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ringlb} command. */
@Command(name = "ringlb",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A consistent-hashing HTTP load balancer that runs and heals its own replicas.",
        subcommands = {StartCommand.class, ReplicaCommand.class, AnalyzeCommand.class, LoadCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Transport.useProductionDefaults();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (also used by tests). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.registerConverter(java.time.Duration.class, new DurationConverter());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.getSubcommands().get("replica").setUnmatchedOptionsArePositionalParams(true);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
