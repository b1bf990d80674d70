package io.ringlb.cli;

import io.ringlb.replica.ReplicaMain;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The command line that runs {@code ringlb replica} in a child JVM from this same installation:
 * from the standalone {@code ringlb-replica.jar} beside {@code ringlb.jar} when it is there (a
 * tenth of the size, with nothing of the balancer), else from this JVM's own classpath.
 */
final class ReplicaLauncherCommand {

    /** The standalone replica jar's file name; the build puts it beside {@code ringlb.jar}. */
    static final String REPLICA_JAR = "ringlb-replica.jar";

    /**
     * Small heap and serial GC: a replica holds almost nothing; a 16 MB young generation from the
     * start, so that starting up needs no collection (with 16 MB in all it took two). C1 only
     * (TieredStopAtLevel=1) because replicas start and are replaced often and C1 code is plenty for
     * their work, with thresholds 10 times the default: at start the C1 threads took a third of a
     * replica's CPU compiling code that runs a few hundred times. No performance-data file
     * (-UsePerfData): nothing reads it, and it cost a sixth of a replica's start-up CPU here.
     */
    static final String DEFAULT_JVM_OPTS = "-Xms32m -Xmn16m -Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -XX:CompileThresholdScaling=10 -Xss512k "
            + "-XX:+ExitOnOutOfMemoryError -XX:-UsePerfData";

    private ReplicaLauncherCommand() {
    }

    static List<String> command(String jvmOpts) {
        return command(jvmOpts, System.getProperty("java.class.path"));
    }

    /** The command for a JVM whose classpath is {@code classpath}. */
    static List<String> command(String jvmOpts, String classpath) {
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary());
        cmd.addAll(Arrays.stream(jvmOpts.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList());
        Path replicaJar = replicaJar(classpath);
        cmd.add("-cp");
        if (replicaJar != null) {
            cmd.add(replicaJar.toString());
            cmd.add(ReplicaMain.class.getName());
        } else {
            cmd.add(classpath);
            cmd.add(Main.class.getName());
        }
        cmd.add("replica");
        return cmd;
    }

    /** {@code ringlb-replica.jar} beside the jar {@code classpath} names, or null (running from classes, in tests). */
    static Path replicaJar(String classpath) {
        if (classpath == null || classpath.isEmpty() || classpath.contains(File.pathSeparator) || !classpath.endsWith(".jar")) {
            return null;
        }
        Path sibling = Path.of(classpath).toAbsolutePath().resolveSibling(REPLICA_JAR);
        return Files.isRegularFile(sibling) ? sibling : null;
    }

    private static String javaBinary() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        if (Files.isExecutable(java)) {
            return java.toString();
        }
        return ProcessHandle.current().info().command().orElse("java");
    }
}
