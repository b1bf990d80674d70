package io.ringlb.cli.it;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real {@code ringlb start} process from the packaged jar, on a free loopback port, for
 * integration tests. Ready once it logs {@code ringlb listening on http://HOST:PORT}.
 */
public final class RinglbProcess implements AutoCloseable {

    private static final Pattern LISTENING = Pattern.compile("ringlb listening on http://([^:]+):(\\d+)");

    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Thread reader;
    private volatile String base;

    private RinglbProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::readOutput, "ringlb-output-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** The packaged jar (built by the package phase, before integration tests run). */
    public static Path jar() {
        Path jar = Path.of(System.getProperty("ringlb.jar", "target/ringlb.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("ringlb jar not found at " + jar.toAbsolutePath() + "; run mvn package first");
        }
        return jar;
    }

    /**
     * Starts {@code ringlb start --port 0 <args>} and waits until it listens. Without
     * {@code --admin-port} among the args, the admin listener is off ({@code --admin-port 0}), so
     * that several balancers can run at once.
     */
    public static RinglbProcess start(String... args) throws IOException, InterruptedException {
        return start(Map.of(), args);
    }

    /** As {@link #start(String...)}, with {@code env} added to the environment. */
    public static RinglbProcess start(Map<String, String> env, String... args) throws IOException, InterruptedException {
        return start(List.of(), env, args);
    }

    /**
     * As {@link #start(String...)}, run by {@code wrapper} (such as {@code prlimit --nofile=N:N}),
     * with {@code env} added to the environment.
     */
    public static RinglbProcess start(List<String> wrapper, Map<String, String> env, String... args) throws IOException, InterruptedException {
        RinglbProcess r = startListening(wrapper, env, args);
        int backends = List.of(args).indexOf("--backends");
        if (backends >= 0) {
            r.awaitRing(args[backends + 1].split(",").length, Duration.ofSeconds(20));
        }
        return r;
    }

    /**
     * As {@link #start}, but returns as soon as it listens, even with static backends not in the
     * ring yet (for tests of a backend that is down at first).
     */
    public static RinglbProcess startListening(String... args) throws IOException, InterruptedException {
        return startListening(List.of(), Map.of(), args);
    }

    private static RinglbProcess startListening(List<String> wrapper, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(wrapper);
        cmd.addAll(command(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        RinglbProcess r = new RinglbProcess(pb.start());
        if (!r.ready.await(60, TimeUnit.SECONDS) || r.base == null) {
            r.close();
            throw new IllegalStateException("ringlb did not start within 60 s:\n" + r.log());
        }
        return r;
    }

    /** {@code ringlb start --port 0 <args>} in a JVM whose leak detection is paranoid: every buffer the proxy forgets is reported (see stop()). */
    static List<String> command(String... args) {
        List<String> cmd = new ArrayList<>(List.of(javaBinary(), "-Xmx256m", "-XX:+UseSerialGC",
                "-Dio.netty.leakDetection.level=paranoid", "-jar", jar().toString(), "start", "--port", "0"));
        if (!List.of(args).contains("--admin-port")) {
            cmd.addAll(List.of("--admin-port", "0"));
        }
        cmd.addAll(List.of(args));
        return cmd;
    }

    /** Runs {@code ringlb start --port 0 <args>} expecting it to refuse to start: its exit status and output. */
    public static Map.Entry<Integer, String> refusal(Map<String, String> env, String... args) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command(args)).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("ringlb did not exit within 60 s:\n" + out);
        }
        return Map.entry(p.exitValue(), out);
    }

    /**
     * Waits until {@code /rep} lists {@code n} replicas. Static backends join the ring on their
     * first good heartbeat, which on a busy machine can come after the balancer listens.
     */
    public void awaitRing(int n, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String rep = "";
        while (System.nanoTime() - deadline < 0) {
            try {
                java.net.HttpURLConnection c = (java.net.HttpURLConnection) new java.net.URL(base + "/rep").openConnection();
                c.setConnectTimeout(1000);
                c.setReadTimeout(2000);
                // No connection left in the JDK's keep-alive cache: tests count the balancer's sockets.
                c.setRequestProperty("Connection", "close");
                try (var in = c.getInputStream()) {
                    rep = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } finally {
                    c.disconnect();
                }
                if (rep.contains("\"N\":" + n + ",")) {
                    return;
                }
            } catch (IOException e) {
                rep = e.toString();
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("/rep did not list " + n + " replica(s) within " + timeout.toSeconds() + " s: " + rep);
    }

    static String javaBinary() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private void readOutput() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                output.add(line);
                Matcher m = LISTENING.matcher(line);
                if (base == null && m.find()) {
                    base = "http://" + m.group(1) + ":" + m.group(2);
                    ready.countDown();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        } finally {
            ready.countDown();
        }
    }

    /** {@code http://127.0.0.1:PORT} + path. */
    public String url(String path) {
        return base + path;
    }

    public long pid() {
        return process.pid();
    }

    /** The port it listens on. */
    public int port() {
        return Integer.parseInt(base.substring(base.lastIndexOf(':') + 1));
    }

    /** Sends {@code signal} ({@code STOP}, {@code CONT}, ...) to process {@code pid} with kill(1). */
    public static void signal(long pid, String signal) throws IOException, InterruptedException {
        int rc = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start().waitFor();
        if (rc != 0) {
            throw new IllegalStateException("kill -" + signal + " " + pid + " exited with " + rc);
        }
    }

    /** SIGTERM, without waiting: see {@link #awaitExit}. */
    public void sigterm() {
        process.toHandle().destroy(); // unlike Process.destroy(), leaves our end of its stdout open
    }

    /**
     * Waits up to {@code timeout} for the process to end.
     *
     * @return its exit status, or -1 if it still runs
     * @throws AssertionError if it ended and reported a leaked buffer
     */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        reader.join(5000); // the last lines it printed
        assertNoLeaks();
        return process.exitValue();
    }

    /** @throws AssertionError if the leak detector reported a buffer never released, so far */
    public void assertNoLeaks() {
        List<String> leaks = output.stream().filter(l -> l.contains("LEAK:")).toList();
        if (!leaks.isEmpty()) {
            throw new AssertionError("ringlb leaked buffers:\n" + String.join("\n", leaks));
        }
    }

    public Process process() {
        return process;
    }

    /** Everything the process printed so far. */
    public String log() {
        return String.join("\n", output);
    }

    /** The pid of the replica process whose command line has {@code --name name}, or -1. */
    public long replicaPid(String name) {
        return replicaPids(name).stream().findFirst().orElse(-1L);
    }

    /** The pids of every replica process whose command line has {@code --name name} (one draining, one new...). */
    public List<Long> replicaPids(String name) {
        return process.toHandle().descendants()
                .filter(h -> h.info().commandLine().map(c -> c.contains("--name " + name + " ")).orElse(false))
                .map(ProcessHandle::pid).toList();
    }

    /** Every process this balancer started and that still runs. */
    public List<ProcessHandle> descendants() {
        return process.toHandle().descendants().toList();
    }

    /** SIGKILL: no shutdown hooks run. */
    public void kill9() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        reader.join(5000);
    }

    /**
     * SIGTERM, and waits for a clean exit (killing it after {@code timeout}).
     *
     * @throws AssertionError if the balancer reported a leaked buffer
     */
    public int stop(Duration timeout) throws InterruptedException {
        sigterm();
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        reader.join(5000); // the last lines it printed
        assertNoLeaks();
        return process.exitValue();
    }

    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                stop(Duration.ofSeconds(20));
            }
        } catch (InterruptedException e) {
            process.toHandle().destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
