package io.ringlb.balancer.provision;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application class-data sharing (AppCDS) for replica JVMs: an archive of the classes a replica
 * loads, made by a short training run of the replica command, cuts the CPU a replica takes to
 * start (and so a replacement's, which is healing time) by about 40 %.
 *
 * <p>The archive's name is derived from the JDK, the replica command's JVM options, its classpath
 * and the jars' sizes and times, so a rebuilt jar or other options get a new one. It lives beside
 * the replica jar when that directory is writable (the build makes it there, {@link #trainNow}),
 * else in the temp directory. Until it exists, replicas start without it, and the balancer makes
 * it in the background ({@link #trainIfMissing}); a JVM that finds it unusable ignores it
 * ({@code -Xshare:auto}).
 */
public final class ReplicaClassCache {

    private static final Logger log = LoggerFactory.getLogger(ReplicaClassCache.class);

    private static final long TRAINING_DELAY_MS = 3000;
    private static final String PREFIX = "replica-";
    private static final String SUFFIX = ".jsa";

    private final List<String> command;
    private final Path archive;
    private final AtomicBoolean training = new AtomicBoolean();

    /**
     * @param command the replica command: the java binary, JVM options, {@code -cp CLASSPATH}, the
     *                main class and its arguments
     */
    public ReplicaClassCache(List<String> command) {
        this.command = List.copyOf(command);
        String classpath = classpath(command);
        this.archive = directory(classpath).resolve(PREFIX + fingerprint(command, classpath) + SUFFIX);
    }

    /** The JVM options that use the archive, if it is there. */
    List<String> jvmOptions() {
        return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto") : List.of();
    }

    /**
     * Makes the archive in the background, once, if it is missing, a few seconds from now (so that
     * the first replicas start without competing with it for CPU).
     */
    void trainIfMissing() {
        if (Files.isRegularFile(archive) || !training.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> {
            try {
                Thread.sleep(TRAINING_DELAY_MS);
                train();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "replica-cds-training");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Makes the archive now, unless it exists: runs the replica command with
     * {@code --warm-up-and-exit}, which serves itself a few requests and exits, dumping the classes
     * it loaded. The build calls this, so that the first replicas already have it.
     *
     * @return whether the archive is ready
     */
    public boolean trainNow() throws InterruptedException {
        return Files.isRegularFile(archive) || train();
    }

    private boolean train() throws InterruptedException {
        Path dir = archive.getParent();
        Path tmp = dir.resolve(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(dir);
            removeStale(dir);
            List<String> cmd = new ArrayList<>(command);
            cmd.add(1, "-XX:ArchiveClassesAtExit=" + tmp);
            cmd.addAll(List.of("--name", "cds-training", "--port", "0", "--warm-up-and-exit"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(tmp)) {
                log.warn("no replica class-data archive: the training run exited with status {}", p.exitValue());
                return false;
            }
            try {
                Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING);
            }
            log.info("replica class-data archive ready: {}", archive);
            return true;
        } catch (IOException e) {
            log.warn("no replica class-data archive: {}", e.toString());
            return false;
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray temp file
            }
        }
    }

    /**
     * Deletes temp files of trainings whose balancer died before they finished and, beside a jar
     * (where only this installation keeps archives), the archives of earlier builds.
     */
    private void removeStale(Path dir) throws IOException {
        long cutoff = System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(10);
        boolean beside = !dir.equals(tempDirectory());
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                boolean staleTemp = n.startsWith(PREFIX) && n.endsWith(".tmp") && Files.getLastModifiedTime(f).toMillis() < cutoff;
                boolean earlierBuild = beside && n.startsWith(PREFIX) && n.endsWith(SUFFIX) && !f.equals(archive);
                if (staleTemp || earlierBuild) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /** The classpath of a command ({@code -cp X} or {@code -classpath X}), or "". */
    private static String classpath(List<String> command) {
        for (int i = 0; i + 1 < command.size(); i++) {
            if (command.get(i).equals("-cp") || command.get(i).equals("-classpath")) {
                return command.get(i + 1);
            }
        }
        return "";
    }

    /** Beside the jar when the classpath is one jar in a writable directory, else the temp directory. */
    private static Path directory(String classpath) {
        if (!classpath.isEmpty() && !classpath.contains(File.pathSeparator) && classpath.endsWith(".jar")) {
            Path dir = Path.of(classpath).toAbsolutePath().getParent();
            if (dir != null && Files.isDirectory(dir) && Files.isWritable(dir)) {
                return dir;
            }
        }
        return tempDirectory();
    }

    private static Path tempDirectory() {
        return Path.of(System.getProperty("java.io.tmpdir"), "ringlb-cds");
    }

    /** The JDK, the command up to its main class (JVM options and classpath), and each jar's size and time. */
    private static String fingerprint(List<String> command, String classpath) {
        StringBuilder sb = new StringBuilder(System.getProperty("java.home")).append('|')
                .append(System.getProperty("java.vm.version"));
        for (String part : command) {
            sb.append('|').append(part);
        }
        for (String entry : classpath.split(File.pathSeparator)) {
            Path p = Path.of(entry);
            try {
                sb.append('|').append(Files.size(p)).append('@').append(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException | UnsupportedOperationException | java.nio.file.InvalidPathException e) {
                sb.append("|?");
            }
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
