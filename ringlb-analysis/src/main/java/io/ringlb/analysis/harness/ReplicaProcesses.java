package io.ringlb.analysis.harness;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds replica processes by what is on their command line: {@code ringlb replica ... --name NAME}
 * (how {@code ProcessProvisioner} starts them).
 */
public final class ReplicaProcesses {

    private ReplicaProcesses() {
    }

    /** The live processes among {@code candidates} that run the replica called {@code name}. */
    public static List<ProcessHandle> named(Stream<ProcessHandle> candidates, String name) {
        return candidates.filter(ProcessHandle::isAlive).filter(p -> runsReplica(arguments(p), name)).toList();
    }

    /** Whether a command line ({@code args}, without the program) runs the replica called {@code name}. */
    public static boolean runsReplica(List<String> args, String name) {
        return args.contains("replica") && hasOption(args, "--name", name);
    }

    /** Whether {@code args} set {@code option} to {@code value}, as {@code option value} or {@code option=value}. */
    public static boolean hasOption(List<String> args, String option, String value) {
        for (int i = 0; i + 1 < args.size(); i++) {
            if (args.get(i).equals(option) && args.get(i + 1).equals(value)) {
                return true;
            }
        }
        return args.contains(option + "=" + value);
    }

    /** The process's arguments, or an empty list when the system does not tell (another user's process). */
    public static List<String> arguments(ProcessHandle p) {
        ProcessHandle.Info info = p.info();
        Optional<String[]> args = info.arguments();
        if (args.isPresent()) {
            return Arrays.asList(args.get());
        }
        return info.commandLine().map(c -> Arrays.asList(c.split("\\s+"))).orElse(List.of());
    }
}
