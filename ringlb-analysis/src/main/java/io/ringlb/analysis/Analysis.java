package io.ringlb.analysis;

import io.ringlb.analysis.experiments.BalanceSweep;
import io.ringlb.analysis.experiments.ClusterExperiment;
import io.ringlb.analysis.experiments.ClusterResult;
import io.ringlb.analysis.experiments.Disruption;
import io.ringlb.analysis.experiments.LoadDriver;
import io.ringlb.analysis.experiments.SetupResult;
import io.ringlb.analysis.experiments.SetupRun;
import io.ringlb.analysis.load.LoadGenerator;
import io.ringlb.analysis.harness.BalancerClient;
import io.ringlb.analysis.harness.RunningBalancer;
import io.ringlb.analysis.harness.SelfHostedBalancer;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Runs the experiments an {@link AnalysisOptions} selects: through one balancer per configuration
 * (started here, or the {@code --target}), then on the hashing core alone.
 */
public final class Analysis {

    /** A self-hosted balancer's time to bring its replicas up and listen. */
    private static final Duration START_LIMIT = Duration.ofSeconds(90);

    private Analysis() {
    }

    /**
     * Runs everything selected and returns the measurements; the report directory is created
     * first, so that a bad {@code --out} fails before any work.
     *
     * @throws AnalysisException when a balancer cannot be started or driven, or {@code --out} is unusable
     */
    public static AnalysisResults run(AnalysisOptions o, PrintStream console) throws InterruptedException {
        prepare(o.out());
        List<SetupResult> setups = o.needsBalancer() ? throughBalancers(o, console) : List.of();
        ClusterResult cluster = null;
        if (o.runs(Experiment.CLUSTER)) {
            try (LoadGenerator generator = new LoadGenerator(1)) {
                cluster = ClusterExperiment.run(o.clusterTargets(), new LoadDriver(generator, o, console));
            }
        }
        List<Disruption.Curve> disruption = List.of();
        List<BalanceSweep.Curve> vnodes = List.of();
        List<BalanceSweep.Curve> maglev = List.of();
        if (o.runs(Experiment.DISRUPTION)) {
            console.printf(Locale.ROOT, "%n== disruption: %,d keys, N=2..%d, hashing core only%n", o.keys(), Disruption.MAX_N);
            disruption = Disruption.measure(o.algorithms(), o.keys());
        }
        if (o.runs(Experiment.BALANCE)) {
            console.printf(Locale.ROOT, "%n== balance vs vnodes and maglev table size: %,d keys, hashing core only%n", o.keys());
            vnodes = BalanceSweep.vnodes(o.keys());
            maglev = BalanceSweep.maglevTableSize(o.keys());
        }
        return new AnalysisResults(o, setups, disruption, vnodes, maglev, cluster);
    }

    private static void prepare(Path out) {
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new AnalysisException("cannot use --out " + out + ": " + e, e);
        }
        if (!Files.isWritable(out)) {
            throw new AnalysisException("cannot write to --out " + out);
        }
    }

    private static List<SetupResult> throughBalancers(AnalysisOptions o, PrintStream console) throws InterruptedException {
        boolean a4 = o.runs(Experiment.A4);
        List<SetupResult> results = new ArrayList<>();
        try (LoadGenerator generator = new LoadGenerator(1)) {
            LoadDriver driver = new LoadDriver(generator, o, console);
            if (!o.selfHosted()) {
                RunningBalancer target = new RunningBalancer(new BalancerClient(o.target(), o.timeout()));
                results.add(SetupRun.run(target, "the running balancer", o.runs(Experiment.A1) || a4,
                        o.runs(Experiment.A2) || a4, o.runs(Experiment.A3), driver));
                return results;
            }
            for (AlgorithmSetup setup : a4 ? o.algorithms() : List.of(o.primary())) {
                boolean primary = setup.equals(o.primary());
                boolean a1 = a4 || (primary && o.runs(Experiment.A1));
                boolean a2 = a4 || (primary && o.runs(Experiment.A2));
                boolean a3 = primary && o.runs(Experiment.A3);
                if (!a1 && !a2 && !a3) {
                    continue;
                }
                List<String> args = new ArrayList<>(setup.startArgs());
                args.addAll(List.of("--replicas", Integer.toString(SetupRun.initialReplicas(a2))));
                try (SelfHostedBalancer balancer = SelfHostedBalancer.start(o.launcher(), setup.name(), args,
                        o.out().resolve("logs").resolve("balancer-" + setup.name() + ".log"), START_LIMIT, o.timeout())) {
                    results.add(SetupRun.run(balancer, setup.describe(), a1, a2, a3, driver));
                }
            }
        }
        return results;
    }
}
