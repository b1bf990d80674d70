package io.ringlb.analysis.experiments;

import io.ringlb.analysis.AnalysisOptions;
import io.ringlb.analysis.load.LoadGenerator;
import io.ringlb.analysis.load.LoadPlan;
import io.ringlb.analysis.load.LoadResult;
import io.ringlb.analysis.load.LoadRun;
import io.ringlb.analysis.load.ProgressDisplay;
import io.ringlb.analysis.harness.Target;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/** Runs the load of the experiments with the analysis's settings, a progress bar and a summary line each. */
public final class LoadDriver {

    private final LoadGenerator generator;
    private final AnalysisOptions options;
    private final PrintStream console;

    public LoadDriver(LoadGenerator generator, AnalysisOptions options, PrintStream console) {
        this.generator = generator;
        this.options = options;
        this.console = console;
    }

    public PrintStream console() {
        return console;
    }

    public AnalysisOptions options() {
        return options;
    }

    /** {@code --requests} requests as fast as the target answers; prints time, rate and failures. */
    public LoadResult burst(Target target, String caption) throws InterruptedException {
        LoadRun run = generator.start(target.client().address(),
                LoadPlan.burst(options.requests(), options.concurrency(), options.timeout()));
        LoadResult r;
        try (ProgressDisplay bar = ProgressDisplay.show(caption, options.requests(), run::completed, options.progress())) {
            r = run.await();
        }
        console.printf(Locale.ROOT, "  %-28s %,d requests in %.3f s (%,.0f req/s), %,d failed, p99 %.1f ms%n",
                caption, r.sent(), r.elapsedSeconds(), r.requestsPerSecond(), r.failed(), r.latency().p99());
        return r;
    }

    /** {@code --warmup} requests, not counted: the JIT of a fresh balancer or replica would otherwise skew the next run. */
    public void warmUp(Target target) throws InterruptedException {
        if (options.warmup() == 0) {
            return;
        }
        LoadResult r = generator.run(target.client().address(),
                LoadPlan.burst(options.warmup(), options.concurrency(), options.timeout()));
        console.printf(Locale.ROOT, "  %-28s %,d requests in %.3f s (not counted)%n", "warm-up", r.sent(), r.elapsedSeconds());
    }

    /** Starts {@code --failover-rate} requests per second for at most {@code limit}; the caller stops it. */
    public LoadRun steady(Target target, Duration limit, Duration bucket) {
        return generator.start(target.client().address(),
                LoadPlan.steady(options.failoverRate(), options.concurrency(), options.timeout(), limit, bucket));
    }
}
