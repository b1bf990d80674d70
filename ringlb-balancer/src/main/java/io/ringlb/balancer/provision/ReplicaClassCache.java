package io.ringlb.balancer.provision;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application class-data sharing (AppCDS) for replica JVMs: an archive of the classes a replica
 * loads, made once per jar and JDK by a short training run, cuts a replica's start by about a
 * third, which is a third off healing time.
 *
 * <p>The archive lives in the temp directory under a name derived from the JDK, the classpath
 * and the jars' sizes and times, so a rebuilt jar gets a new one. Until it exists, replicas start
 * without it; a JVM that finds it unusable ignores it ({@code -Xshare:auto}).
 */
final class ReplicaClassCache {

    private static final Logger log = LoggerFactory.getLogger(ReplicaClassCache.class);

    private static final long TRAINING_DELAY_MS = 3000;

    private final Path archive;
    private final AtomicBoolean training = new AtomicBoolean();

    ReplicaClassCache(String classpath) {
        this.archive = Path.of(System.getProperty("java.io.tmpdir"), "ringlb-cds", "replica-" + fingerprint(classpath) + ".jsa");
    }

    /** The JVM options that use the archive, if it is there. */
    List<String> jvmOptions() {
        return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto") : List.of();
    }

    /**
     * Makes the archive in the background, once, if it is missing: runs the replica command with
     * {@code --warm-up-and-exit}, which serves itself a few requests and exits, dumping the classes.
     *
     * @param command the replica command: java binary first, then JVM options, main class, arguments
     */
    void trainIfMissing(List<String> command) {
        if (Files.isRegularFile(archive) || !training.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(() -> train(command), "replica-cds-training");
        t.setDaemon(true);
        t.start();
    }

    private void train(List<String> command) {
        try {
            Thread.sleep(TRAINING_DELAY_MS); // let the first replicas start without competing for CPU
        } catch (InterruptedException e) {
            return;
        }
        Path tmp = archive.resolveSibling(archive.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        try {
            Files.createDirectories(archive.getParent());
            removeStaleTrainings(archive.getParent());
            List<String> cmd = new ArrayList<>(command);
            cmd.add(1, "-XX:ArchiveClassesAtExit=" + tmp);
            cmd.addAll(List.of("--name", "cds-training", "--port", "0", "--warm-up-and-exit"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return;
            }
            if (p.exitValue() == 0 && Files.isRegularFile(tmp)) {
                try {
                    Files.move(tmp, archive, StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, archive, StandardCopyOption.REPLACE_EXISTING);
                }
                log.info("replica class-data archive ready: {}", archive);
            }
        } catch (IOException e) {
            log.debug("no replica class-data archive: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a stray temp file in the temp directory
            }
        }
    }

    /** Deletes temp files of trainings whose balancer died before they finished. */
    private static void removeStaleTrainings(Path dir) throws IOException {
        long cutoff = System.currentTimeMillis() - TimeUnit.MINUTES.toMillis(10);
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (f.getFileName().toString().endsWith(".tmp") && Files.getLastModifiedTime(f).toMillis() < cutoff) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    private static String fingerprint(String classpath) {
        StringBuilder sb = new StringBuilder(System.getProperty("java.home")).append('|')
                .append(System.getProperty("java.vm.version")).append('|').append(classpath);
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            Path p = Path.of(entry);
            try {
                sb.append('|').append(Files.size(p)).append('@').append(Files.getLastModifiedTime(p).toMillis());
            } catch (IOException | UnsupportedOperationException e) {
                sb.append("|?");
            }
        }
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d, 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
