package io.ringlb.analysis.harness;

import io.ringlb.analysis.AnalysisException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A balancer the analysis runs itself: {@code ringlb start --port 0} in a child JVM, ready once it
 * logs its {@code listening on http://HOST:PORT} line (printed only after all its replicas are
 * up). Closing it stops the balancer (SIGTERM, then SIGKILL) and any replica left behind; a
 * shutdown hook does the same if this JVM exits first. The child's output goes to a log file.
 */
public final class SelfHostedBalancer implements Target {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+:\\d+)");
    private static final Duration STOP_GRACE = Duration.ofSeconds(20);

    private final String label;
    private final Process process;
    private final BalancerClient client;
    private final Thread shutdownHook;

    private SelfHostedBalancer(String label, Process process, BalancerClient client, Thread shutdownHook) {
        this.label = label;
        this.process = process;
        this.client = client;
        this.shutdownHook = shutdownHook;
    }

    /**
     * Starts {@code ringlb start --port 0 --bind 127.0.0.1 --admin-port 0 <startArgs...>} and waits until it listens.
     *
     * @throws AnalysisException if it exits or stays silent past {@code readyTimeout}, with its last output
     */
    public static SelfHostedBalancer start(BalancerLauncher launcher, String label, List<String> startArgs,
                                           Path logFile, Duration readyTimeout, Duration requestTimeout) {
        // No admin listener: several balancers run at once, and the analysis uses the public API only.
        List<String> args = new ArrayList<>(List.of("start", "--port", "0", "--bind", "127.0.0.1", "--admin-port", "0"));
        args.addAll(startArgs);
        Process process;
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            process = new ProcessBuilder(launcher.command(args)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AnalysisException("could not start a balancer (" + String.join(" ", args) + "): " + e.getMessage(), e);
        }
        Thread hook = new Thread(() -> stop(process), "ringlb-analyze-stop-" + label);
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            OutputPump pump = OutputPump.start(process.getInputStream(), logFile, LISTENING, "ringlb-analyze-log-" + label);
            URI base = awaitListening(pump, readyTimeout, String.join(" ", args), logFile);
            return new SelfHostedBalancer(label, process, new BalancerClient(base, requestTimeout), hook);
        } catch (IOException | RuntimeException e) {
            stop(process);
            removeHook(hook);
            throw e instanceof AnalysisException a ? a : new AnalysisException("balancer '" + label + "': " + e.getMessage(), e);
        }
    }

    private static URI awaitListening(OutputPump pump, Duration timeout, String args, Path logFile) {
        try {
            Matcher m = pump.match().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return URI.create(m.group(1));
        } catch (TimeoutException e) {
            throw new AnalysisException("the balancer (ringlb " + args + ") was not listening after "
                    + timeout.toSeconds() + " s; its last output (all of it in " + logFile + "):\n" + pump.tail());
        } catch (ExecutionException e) {
            throw new AnalysisException("the balancer (ringlb " + args + ") exited before listening; its last output:\n"
                    + pump.tail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AnalysisException("interrupted while the balancer started");
        }
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public BalancerClient client() {
        return client;
    }

    @Override
    public boolean selfHosted() {
        return true;
    }

    /** Only the balancer's own descendants are candidates, so other ringlb instances are never touched. */
    @Override
    public Optional<ProcessHandle> replicaProcess(String name) {
        List<ProcessHandle> found = ReplicaProcesses.named(process.descendants(), name);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    @Override
    public String whyNoProcess(String name) {
        return "the balancer has no replica process called '" + name + "'";
    }

    @Override
    public void close() {
        stop(process);
        removeHook(shutdownHook);
    }

    /** SIGTERM to the balancer (it stops its replicas), SIGKILL after a grace; then any survivor. */
    private static void stop(Process process) {
        List<ProcessHandle> tree = process.descendants().toList();
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            for (ProcessHandle child : tree) {
                if (child.isAlive()) {
                    child.destroyForcibly();
                    child.onExit().get(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            tree.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down; the hook runs (or ran) the same stop.
        }
    }
}
