package io.ringlb.cli;

import io.ringlb.analysis.AlgorithmSetup;
import io.ringlb.analysis.Analysis;
import io.ringlb.analysis.AnalysisException;
import io.ringlb.analysis.AnalysisOptions;
import io.ringlb.analysis.AnalysisResults;
import io.ringlb.analysis.Experiment;
import io.ringlb.analysis.load.ProgressDisplay;
import io.ringlb.analysis.report.ReportWriter;
import io.ringlb.analysis.harness.BalancerLauncher;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ringlb analyze}: the assignment's experiments A-1..A-4 and more, as charts and a report. */
@Command(name = "analyze", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure how ringlb spreads load, scales, heals and moves keys; write charts and a report.",
                "Without --target it starts its own balancers (one per algorithm) and stops them at the end."})
final class AnalyzeCommand implements Callable<Integer> {

    /**
     * The balancer JVM's options when self-hosting: the launcher script's collector and JIT
     * thresholds, with a heap of 256 MB for the experiments' loads.
     */
    static final String BALANCER_JVM_OPTS = "-Xms256m -Xmx256m -XX:+UseParallelGC -XX:CompileThresholdScaling=3";

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--target", description = "A running balancer to analyze through its public API, e.g. http://127.0.0.1:5000; "
            + "several, comma-separated, for the instances of one cluster (the cluster experiment) (default: start our own).")
    String target;

    @Option(names = "--requests", defaultValue = "10000", description = "Requests per measured run: A-1, and each N of A-2 (default: ${DEFAULT-VALUE}).")
    long requests;

    @Option(names = "--concurrency", defaultValue = "64", description = "Requests in flight at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--timeout", defaultValue = "5s", description = "Per-request timeout (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--algorithms", defaultValue = AlgorithmSetup.ALL, split = ",", splitSynopsisLabel = ",",
            description = "Configurations to compare, the first being the primary one of A-1..A-3: ring, maglev, bounded (ring with bounded loads c=1.25), bounded-maglev, spec (the assignment's quadratic H/Φ), spec-xxhash (default: ${DEFAULT-VALUE}).")
    String[] algorithms;

    @Option(names = "--experiments", defaultValue = "all", split = ",", splitSynopsisLabel = ",",
            description = "What to run: all, or any of a1, a2, a3, a4, disruption, balance; with several --target URLs: "
                    + "cluster, disruption, balance (default: ${DEFAULT-VALUE}).")
    String[] experiments;

    @Option(names = "--out", defaultValue = "analysis-out", description = "Directory for report.md, report.html, results.json and the charts (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--warmup", defaultValue = "5000", description = "Requests sent, not counted, after each change of N and before measuring (default: ${DEFAULT-VALUE}).")
    long warmup;

    @Option(names = "--failover-rate", defaultValue = "1000", description = "Requests per second during A-3's kill (default: ${DEFAULT-VALUE}).")
    double failoverRate;

    @Option(names = "--keys", defaultValue = "100000", description = "Keys in the disruption and balance experiments (default: ${DEFAULT-VALUE}).")
    int keys;

    @Option(names = "--progress", negatable = true, description = "Show progress bars (default: only on a terminal).")
    Boolean progress;

    @Option(names = "--balancer-jvm-opts", defaultValue = BALANCER_JVM_OPTS, description = "JVM options of self-hosted balancers (default: ${DEFAULT-VALUE}).")
    String balancerJvmOpts;

    @Override
    public Integer call() throws Exception {
        AnalysisOptions options = options();
        try {
            AnalysisResults results = Analysis.run(options, System.out);
            Path report = ReportWriter.write(results, options.out());
            System.out.printf("%nReport: %s (and report.html, results.json, charts/)%n", report.toAbsolutePath());
            return 0;
        } catch (AnalysisException e) {
            spec.commandLine().getErr().println("ringlb analyze: " + e.getMessage());
            return 1;
        }
    }

    AnalysisOptions options() {
        try {
            List<URI> targets = new ArrayList<>();
            if (target != null) {
                for (String t : target.split(",")) {
                    targets.add(parseTarget(t));
                }
            }
            URI targetUri = targets.isEmpty() ? null : targets.get(0);
            return new AnalysisOptions(targetUri, requests, concurrency, timeout, warmup, failoverRate, keys,
                    AlgorithmSetup.parseList(String.join(",", algorithms)),
                    Experiment.parseList(String.join(",", experiments), targets.size() > 1), out,
                    progress != null ? progress : ProgressDisplay.terminalAttached(),
                    targetUri == null ? BalancerLauncher.ofThisJvm(Main.class.getName(), balancerJvmOpts) : null,
                    targets.size() > 1 ? targets.subList(1, targets.size()) : List.of());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static URI parseTarget(String s) {
        try {
            URI uri = new URI(s.trim());
            if (uri.getPort() < 0 && uri.getHost() != null) {
                return new URI(uri.getScheme(), null, uri.getHost(), 80, "/", null, null);
            }
            return uri.resolve("/");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--target '" + s + "' is not a URL: " + e.getMessage());
        }
    }
}
