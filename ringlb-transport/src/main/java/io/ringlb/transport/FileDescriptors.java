package io.ringlb.transport;

import com.sun.jna.platform.unix.LibC;
import com.sun.jna.platform.unix.Resource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process's open-files limit (RLIMIT_NOFILE): every connection is a file descriptor, and a
 * proxy out of them can open neither client nor replica connections (EMFILE, "Too many open
 * files"). HotSpot on Linux already raises the soft limit to the hard one at start
 * ({@code -XX:+MaxFDLimit}, on by default); {@link #raiseToHard} does it when the JVM did not, with
 * setrlimit(2) through JNA. Linux only: elsewhere nothing is known and nothing changes.
 */
public final class FileDescriptors {

    private static final Logger log = LoggerFactory.getLogger(FileDescriptors.class);
    private static final Path LIMITS = Path.of("/proc/self/limits");
    private static final Path OPEN = Path.of("/proc/self/fd");

    /** A soft and a hard limit; {@link Long#MAX_VALUE} stands for unlimited. */
    public record Limit(long soft, long hard) {
    }

    private FileDescriptors() {
    }

    /** The effective limit, read from {@code /proc/self/limits}, if there is such a file. */
    public static Optional<Limit> limit() {
        try {
            return parse(Files.readAllLines(LIMITS));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The {@code Max open files} line of a {@code /proc/PID/limits} text. */
    static Optional<Limit> parse(List<String> lines) {
        for (String line : lines) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return Optional.of(new Limit(value(f[0]), value(f[1])));
            }
        }
        return Optional.empty();
    }

    private static long value(String s) {
        return s.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(s);
    }

    /**
     * Raises the soft limit to the hard one if it is lower, and returns the limit in effect
     * afterwards (logged), or empty where none can be read.
     */
    public static Optional<Limit> raiseToHard() {
        Optional<Limit> before = limit();
        if (before.isPresent() && before.get().soft() < before.get().hard()) {
            try {
                Resource.Rlimit r = new Resource.Rlimit();
                r.rlim_cur = before.get().hard();
                r.rlim_max = before.get().hard();
                if (LibC.INSTANCE.setrlimit(Resource.RLIMIT_NOFILE, r) != 0) {
                    log.warn("open files: could not raise the soft limit {} to the hard limit {}", before.get().soft(), before.get().hard());
                }
            } catch (RuntimeException | LinkageError e) {
                log.warn("open files: could not raise the soft limit {} to the hard limit {}: {}",
                        before.get().soft(), before.get().hard(), e.toString());
            }
        }
        Optional<Limit> after = limit();
        after.ifPresent(l -> log.info("open files: limit {} (hard {}){}", l.soft(), l.hard(),
                before.get().soft() < l.soft() ? ", raised from " + before.get().soft() : ""));
        return after;
    }

    /** How many file descriptors this process has open now, or -1 where that cannot be read. */
    public static int open() {
        try (Stream<Path> fds = Files.list(OPEN)) {
            return (int) fds.count();
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
