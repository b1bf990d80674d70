package io.ringlb.balancer.provision;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs each replica as a child JVM on a free port of loopback (or of a given address):
 * {@code <command...> --name NAME --port PORT --bind 127.0.0.1 --exit-with-parent} (and
 * {@code --id ID} when replicas report their integer id), with a class-data archive once one
 * exists ({@link ReplicaClassCache}).
 *
 * <p>Children never outlive the balancer: each one's stdin is a pipe from us, and it exits when
 * that pipe closes, which the kernel does however we die. A child's output goes to
 * {@code logDir/NAME.log}; a removed replica's log is moved to {@code NAME-draining-PID.log} while
 * it drains ({@link #releaseName}), so that a new replica of the name writes a log of its own.
 */
public final class ProcessProvisioner implements Provisioner {

    private static final Logger log = LoggerFactory.getLogger(ProcessProvisioner.class);
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final List<String> command;
    private final Path logDir;
    /** Where replicas listen; the balancer reaches them there, or on loopback when it is the wildcard. */
    private final InetAddress bind;
    private final InetAddress reach;
    private final ReplicaClassCache classCache;
    private final boolean homeId;
    /** Running children by pid (their {@link ProvisionedReplica#id}): a name may be reused while its old replica drains. */
    private final Map<String, Child> processes = new ConcurrentHashMap<>();
    private final ExecutorService launcher = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "process-provisioner");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param command the command that runs {@code ringlb replica}, for example
     *                {@code [java, -cp, ringlb-replica.jar, io.ringlb.replica.ReplicaMain, replica]}
     * @param logDir  where each replica's output goes
     */
    public ProcessProvisioner(List<String> command, Path logDir) {
        this(command, logDir, LOOPBACK, false);
    }

    /**
     * As {@link #ProcessProvisioner(List, Path)}, with replicas listening on {@code bind} (for
     * example {@code 0.0.0.0}, so that balancers on other hosts reach them in cluster mode), and
     * reporting their integer id on {@code /home} with {@code homeId}.
     */
    public ProcessProvisioner(List<String> command, Path logDir, InetAddress bind, boolean homeId) {
        this.command = List.copyOf(command);
        this.logDir = logDir;
        this.bind = bind;
        this.reach = bind.isAnyLocalAddress() ? LOOPBACK : bind;
        this.homeId = homeId;
        this.classCache = new ReplicaClassCache(this.command);
        classCache.trainIfMissing();
    }

    @Override
    public String kind() {
        return "process";
    }

    @Override
    public boolean createsReplicas() {
        return true;
    }

    @Override
    public CompletableFuture<ProvisionedReplica> start(ReplicaSpec spec) {
        return CompletableFuture.supplyAsync(() -> launch(spec.name(), spec.ordinal()), launcher);
    }

    private ProvisionedReplica launch(String name, int ordinal) {
        try {
            Files.createDirectories(logDir);
            int port = freePort();
            List<String> cmd = new ArrayList<>(command);
            cmd.addAll(1, classCache.jvmOptions());
            cmd.addAll(List.of("--name", name, "--port", Integer.toString(port),
                    "--bind", bind.getHostAddress(), "--exit-with-parent"));
            if (homeId) {
                cmd.addAll(List.of("--id", Integer.toString(ordinal)));
            }
            Path logFile = logDir.resolve(name + ".log");
            Process p = new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            String pid = Long.toString(p.pid());
            Child child = new Child(name, p, logFile, fileKey(logFile));
            processes.put(pid, child);
            CompletableFuture<Void> exited = p.onExit().thenAccept(done -> processes.remove(pid, child));
            log.info("replica {}: started process pid {} on port {} (log {})", name, p.pid(), port, logFile);
            return new ProvisionedReplica(name, new InetSocketAddress(reach, port), pid, exited);
        } catch (IOException e) {
            throw new CompletionException("could not start replica " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A port the kernel just called free. Another process may take it before the child binds it;
     * the child then exits and the supervisor starts it again on another port.
     */
    private int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, bind)) {
            return s.getLocalPort();
        }
    }

    /** The file system's identity of {@code file} (device and inode), or null if it cannot tell. */
    private static Object fileKey(Path file) {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * Moves the replica's log aside to {@code NAME-draining-PID.log} (the child keeps writing to it:
     * a rename keeps the open file), unless {@code NAME.log} is no longer the file it writes.
     */
    @Override
    public CompletableFuture<Void> releaseName(ProvisionedReplica replica) {
        Child c = processes.get(replica.id());
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
            Path aside = c.logFile().resolveSibling(c.name() + "-draining-" + replica.id() + ".log");
            try {
                if (c.logKey() != null && c.logKey().equals(fileKey(c.logFile()))) {
                    Files.move(c.logFile(), aside, StandardCopyOption.ATOMIC_MOVE);
                    log.info("replica {}: log moved to {} while it drains", c.name(), aside);
                }
            } catch (IOException e) {
                log.warn("replica {}: could not move its log to {} ({}); a new replica of the name appends to it", c.name(), aside, e.toString());
            }
        }, launcher);
    }

    @Override
    public CompletableFuture<Void> stop(ProvisionedReplica replica) {
        Child c = processes.remove(replica.id());
        if (c == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(c::terminate, launcher);
    }

    /**
     * A child process, the replica name it runs, and the log file its output goes to (with that
     * file's {@link #fileKey}, null if unknown).
     */
    private record Child(String name, Process process, Path logFile, Object logKey) {

        /** SIGTERM, then SIGKILL after 5 s. */
        void terminate() {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    log.warn("replica {}: pid {} ignored SIGTERM for 5 s, killing it", name, process.pid());
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close(boolean keepReplicas) {
        // A child process cannot outlive us (it watches its stdin), so keepReplicas cannot apply.
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (Child c : processes.values()) {
            stops.add(CompletableFuture.runAsync(c::terminate, launcher));
        }
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        processes.clear();
        launcher.shutdownNow();
    }
}
