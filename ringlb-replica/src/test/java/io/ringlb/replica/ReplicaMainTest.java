package io.ringlb.replica;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The replica's entry point: help, usage errors, and a real (loopback) run of the class-data training mode. */
class ReplicaMainTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) throws Exception {
        return ReplicaMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpPrintsTheOptionsWithOrWithoutTheLeadingWord() throws Exception {
        assertThat(run("replica", "--help")).isZero();
        assertThat(run("-h")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Usage: ringlb replica").contains("--exit-with-parent");
        assertThat(err.size()).isZero();
    }

    @Test
    void aBadCommandLineIsAUsageError() throws Exception {
        assertThat(run("replica", "--port", "x")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("--port must be an integer, got 'x'").contains("Usage: ringlb replica");
    }

    @Test
    void theTrainingRunServesItselfAndExits() throws Exception {
        assertThat(run("replica", "--name", "training", "--port", "0", "--warm-up-and-exit")).isZero();
    }
}
