package io.ringlb.cli;

import io.ringlb.analysis.load.ErrorKind;
import io.ringlb.analysis.load.LoadGenerator;
import io.ringlb.analysis.load.LoadPlan;
import io.ringlb.analysis.load.LoadResult;
import io.ringlb.analysis.load.LoadRun;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ringlb load}: {@code GET /home} at a steady rate against a balancer, with the analysis'
 * load generator, then one line of what came back. The timing scripts run it in the background to
 * measure healing under load; SIGTERM (or the duration) ends it, and it still reports.
 */
@Command(name = "load", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Send GET /home to a balancer at a steady rate, then print answers, failures and latency.",
                "Ends after --duration or on SIGTERM/Ctrl-C, and reports either way; exits 1 if any request failed."})
final class LoadCommand implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "URL", description = "The balancer, e.g. http://127.0.0.1:5000.")
    String url;

    @Option(names = "--rate", defaultValue = "500", description = "Requests per second (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--duration", defaultValue = "60s", description = "How long to send (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--concurrency", defaultValue = "16", description = "Most requests in flight, one per keep-alive connection (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--timeout", defaultValue = "5s", description = "Per-request timeout (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() throws Exception {
        InetSocketAddress target = target();
        if (!(rate > 0) || duration.isZero()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--rate and --duration must be > 0");
        }
        LoadPlan plan;
        try {
            plan = LoadPlan.steady(rate, concurrency, timeout, duration, Duration.ofSeconds(1));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        CountDownLatch reported = new CountDownLatch(1);
        try (LoadGenerator generator = new LoadGenerator(1)) {
            LoadRun run = generator.start(target, plan);
            System.out.printf(Locale.ROOT, "sending GET /home to %s at %,.0f/s%n", url, rate);
            System.out.flush();
            Thread stop = new Thread(() -> {
                run.stop();
                try {
                    reported.await(timeout.toMillis() + 2000, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "load-stop");
            Runtime.getRuntime().addShutdownHook(stop);
            LoadResult result = run.await();
            report(result, System.out);
            reported.countDown();
            return result.failed() == 0 ? 0 : 1;
        }
    }

    private InetSocketAddress target() {
        try {
            URI uri = new URI(url.trim());
            if (uri.getHost() == null || !"http".equals(uri.getScheme())) {
                throw new URISyntaxException(url, "not an http://HOST:PORT URL");
            }
            return new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
        } catch (URISyntaxException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "URL '" + url + "': " + e.getMessage());
        }
    }

    /** {@code load: 15,012 requests in 30.0 s (500/s): 15,012 answered, 0 failed; p50 0.41 ms, p99 1.90 ms, max 310 ms}. */
    static void report(LoadResult r, PrintStream out) {
        StringBuilder failures = new StringBuilder();
        for (Map.Entry<ErrorKind, Long> e : r.errors().entrySet()) {
            failures.append(failures.length() == 0 ? " (" : ", ").append(e.getValue()).append(' ').append(e.getKey().label());
        }
        if (failures.length() > 0) {
            failures.append(')');
        }
        out.printf(Locale.ROOT, "load: %,d requests in %.1f s (%,.0f/s): %,d answered, %,d failed%s; p50 %.2f ms, p99 %.2f ms, max %.0f ms%n",
                r.sent(), r.elapsedSeconds(), r.requestsPerSecond(), r.answered(), r.failed(), failures,
                r.latency().p50(), r.latency().p99(), r.latency().max());
    }
}
