package io.ringlb.cli;

import io.ringlb.transport.Transport;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ringlb} command. */
@Command(name = "ringlb",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "A consistent-hashing HTTP load balancer that runs and heals its own replicas.")
public final class Main implements Runnable {

    /** The subcommands, in the order the usage lists them. */
    private static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Transport.useProductionDefaults();
        EarlyStart early = EarlyStart.begin(args);
        CommandLine cl = commandLine(args);
        early.awaitLogging();
        System.exit(cl.execute(args));
    }

    /** The configured command line with every subcommand (also used by tests). */
    public static CommandLine commandLine() {
        return commandLine(new String[0]);
    }

    /**
     * The configured command line for {@code args}: when they name a subcommand, with only that
     * one. picocli reflects on every option of every subcommand it is given, and {@code start}
     * should not wait for the models of {@code analyze}, {@code load} and {@code replica} (about
     * 70 ms of a start here). {@code ringlb start --help} is the same either way.
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        Class<?> named = args.length > 0 && !args[0].equals("help") ? SUBCOMMANDS.get(args[0]) : null;
        for (Map.Entry<String, Class<?>> sub : SUBCOMMANDS.entrySet()) {
            if (named == null || named == sub.getValue()) {
                cl.addSubcommand(sub.getKey(), sub.getValue());
            }
        }
        cl.registerConverter(java.time.Duration.class, new DurationConverter());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        CommandLine replica = cl.getSubcommands().get("replica");
        if (replica != null) {
            replica.setUnmatchedOptionsArePositionalParams(true);
        }
        return cl;
    }

    private static Map<String, Class<?>> subcommands() {
        Map<String, Class<?>> m = new LinkedHashMap<>();
        m.put("start", StartCommand.class);
        m.put("replica", ReplicaCommand.class);
        m.put("analyze", AnalyzeCommand.class);
        m.put("load", LoadCommand.class);
        m.put("help", CommandLine.HelpCommand.class);
        return m;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
