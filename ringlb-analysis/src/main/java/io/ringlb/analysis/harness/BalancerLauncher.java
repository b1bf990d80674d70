package io.ringlb.analysis.harness;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How to run {@code ringlb <command>} in a child JVM of this same installation: the java binary
 * running us, our class path, and the CLI's main class (given by the CLI, which this module must
 * not depend on).
 *
 * @param java       the java executable
 * @param classPath  the class path holding the CLI and everything it needs
 * @param mainClass  the CLI's main class, e.g. {@code io.ringlb.cli.Main}
 * @param jvmOptions options for the child JVM
 */
public record BalancerLauncher(String java, String classPath, String mainClass, List<String> jvmOptions) {

    public BalancerLauncher {
        jvmOptions = List.copyOf(jvmOptions);
    }

    /** A launcher for this JVM's own binary and class path; {@code jvmOptions} split on spaces. */
    public static BalancerLauncher ofThisJvm(String mainClass, String jvmOptions) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String binary = Files.isExecutable(java) ? java.toString() : ProcessHandle.current().info().command().orElse("java");
        List<String> opts = Arrays.stream(jvmOptions.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
        return new BalancerLauncher(binary, System.getProperty("java.class.path"), mainClass, opts);
    }

    /** The full command line for {@code ringlb <args...>}. */
    public List<String> command(List<String> args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.addAll(jvmOptions);
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return cmd;
    }
}
