package io.ringlb.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad input to {@code ringlb analyze} is a clear usage error (exit 2), never a stack trace. */
class AnalyzeCommandTest {

    private static String run(int expectedExit, String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err));
        cl.setOut(new PrintWriter(new StringWriter()));
        assertThat(cl.execute(args)).as(String.join(" ", args)).isEqualTo(expectedExit);
        return err.toString();
    }

    @Test
    void rejectsBadOptionsWithTheirName() {
        assertThat(run(2, "analyze", "--requests", "0")).contains("--requests must be >= 1, got 0").doesNotContain("Exception");
        assertThat(run(2, "analyze", "--algorithms", "ring,hashring")).contains("unknown algorithm 'hashring'");
        assertThat(run(2, "analyze", "--experiments", "a1,a9")).contains("unknown experiment 'a9'");
        assertThat(run(2, "analyze", "--target", "localhost:5000")).contains("--target must look like http://HOST:PORT");
        assertThat(run(2, "analyze", "--target", "http://[bad")).contains("--target 'http://[bad' is not a URL");
        assertThat(run(2, "analyze", "--timeout", "soon")).contains("'soon' is not a duration");
        assertThat(run(2, "analyze", "--failover-rate", "0")).contains("--failover-rate must be 1..100000");
    }

    @Test
    void listsItsOptionsInHelp() {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out));
        assertThat(cl.execute("analyze", "--help")).isZero();
        assertThat(out.toString()).contains("--target", "--requests", "--concurrency", "--algorithms", "--experiments", "--out");
    }

    @Test
    void anUnreachableTargetIsAnErrorMessage(@TempDir Path out) {
        assertThat(run(1, "analyze", "--target", "http://127.0.0.1:1", "--experiments", "a1", "--timeout", "1s",
                "--out", out.toString())).startsWith("ringlb analyze: GET /rep to http://127.0.0.1:1/ failed: no response");
    }

    @Test
    void anUnusableOutputDirectoryIsAnErrorMessage(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThat(run(1, "analyze", "--experiments", "disruption", "--out", file.resolve("sub").toString()))
                .startsWith("ringlb analyze: cannot use --out " + file.resolve("sub"));
    }
}
