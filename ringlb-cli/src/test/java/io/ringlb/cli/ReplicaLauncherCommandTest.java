package io.ringlb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which jar replica processes run, and {@code ringlb replica} handing its arguments on. */
class ReplicaLauncherCommandTest {

    @TempDir
    Path dir;

    @Test
    void theSmallReplicaJarBesideRinglbJarWhenItIsThere() throws Exception {
        Path ringlb = Files.createFile(dir.resolve("ringlb.jar"));
        Path replica = Files.createFile(dir.resolve("ringlb-replica.jar"));
        List<String> cmd = ReplicaLauncherCommand.command("-Xmx96m  -XX:+UseSerialGC", ringlb.toString());
        assertThat(cmd.subList(1, cmd.size())).containsExactly("-Xmx96m", "-XX:+UseSerialGC", "-cp", replica.toString(),
                "io.ringlb.replica.ReplicaMain", "replica");
        assertThat(cmd.get(0)).endsWith("java");
    }

    @Test
    void elseThisJvmsOwnClasspath() throws Exception {
        Path ringlb = Files.createFile(dir.resolve("ringlb.jar"));
        assertThat(ReplicaLauncherCommand.command("-Xmx96m", ringlb.toString()))
                .endsWith("-cp", ringlb.toString(), "io.ringlb.cli.Main", "replica");
        String classes = dir.resolve("classes") + java.io.File.pathSeparator + ringlb;
        assertThat(ReplicaLauncherCommand.command("", classes)).endsWith("-cp", classes, "io.ringlb.cli.Main", "replica");
    }

    @Test
    void ringlbReplicaHandsEveryArgumentToTheReplicasOwnReader() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream savedOut = System.out;
        PrintStream savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertThat(Main.commandLine().execute("replica", "--help")).isZero();
            assertThat(Main.commandLine().execute("replica", "--port", "none")).isEqualTo(2);
        } finally {
            System.setOut(savedOut);
            System.setErr(savedErr);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: ringlb replica");
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--port must be an integer, got 'none'");
    }
}
