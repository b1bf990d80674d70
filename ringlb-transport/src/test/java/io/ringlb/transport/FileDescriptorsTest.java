package io.ringlb.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class FileDescriptorsTest {

    @Test
    void readsTheOpenFilesLineOfProcLimits() {
        List<String> limits = List.of(
                "Limit                     Soft Limit           Hard Limit           Units     ",
                "Max processes             unlimited            unlimited            processes ",
                "Max open files            1024                 524288               files     ",
                "Max locked memory         8388608              8388608              bytes     ");
        assertThat(FileDescriptors.parse(limits)).contains(new FileDescriptors.Limit(1024, 524288));
        assertThat(FileDescriptors.parse(List.of("Max open files            unlimited            unlimited            files")))
                .contains(new FileDescriptors.Limit(Long.MAX_VALUE, Long.MAX_VALUE));
        assertThat(FileDescriptors.parse(List.of("Max processes 1 1 processes"))).isEmpty();
    }

    @Test
    void raisesTheSoftLimitToTheHardOneWhenTheJvmDidNot() throws Exception {
        Assumptions.assumeTrue(FileDescriptors.limit().isPresent(), "Linux only");
        // A JVM told not to raise it (-XX:-MaxFDLimit), started with soft 1024 and hard 4096.
        Process p = new ProcessBuilder("prlimit", "--nofile=1024:4096",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-MaxFDLimit",
                "-cp", System.getProperty("java.class.path"), Raise.class.getName())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("before Limit[soft=1024, hard=4096]", "after Limit[soft=4096, hard=4096]");
    }

    /** Prints the limit, raises it, prints it again. */
    public static final class Raise {
        public static void main(String[] args) {
            System.out.println("before " + FileDescriptors.limit().orElseThrow());
            System.out.println("after " + FileDescriptors.raiseToHard().orElseThrow());
            System.out.println("open " + FileDescriptors.open());
        }
    }
}
