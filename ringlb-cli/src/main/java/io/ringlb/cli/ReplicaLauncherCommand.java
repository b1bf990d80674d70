package io.ringlb.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The command line that runs {@code ringlb replica} in a child JVM from this same installation. */
final class ReplicaLauncherCommand {

    /**
     * Small heap and serial GC: a replica holds almost nothing. C1 only (TieredStopAtLevel=1)
     * because replicas start and are replaced often and C1 code is plenty for their work.
     */
    static final String DEFAULT_JVM_OPTS = "-Xms16m -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:+ExitOnOutOfMemoryError";

    private ReplicaLauncherCommand() {
    }

    static List<String> command(String jvmOpts) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(Arrays.stream(jvmOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Main.class.getName());
        cmd.add("replica");
        return cmd;
    }

    private static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }
}
