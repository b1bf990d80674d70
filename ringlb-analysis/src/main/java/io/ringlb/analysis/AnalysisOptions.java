package io.ringlb.analysis;

import io.ringlb.analysis.harness.BalancerLauncher;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Everything one {@code ringlb analyze} run needs, validated.
 *
 * @param target       a running balancer to drive, or null to start balancers ({@code launcher})
 * @param requests     requests per measured run (A-1, and each N of A-2)
 * @param concurrency  requests in flight at once
 * @param timeout      per-request timeout
 * @param warmup       requests sent to each balancer before its first measured run, not counted
 * @param failoverRate requests per second during A-3
 * @param keys         keys of the experiments without network
 * @param algorithms   configurations compared; the first is the primary
 * @param experiments  what to run
 * @param out          the report's directory
 * @param progress     whether to draw progress bars
 * @param launcher     how to start {@code ringlb start} when self-hosting (null with a target)
 * @param peers        the other instances of {@code target}'s cluster ({@code --target URL1,URL2,...}), for
 *                     the cluster experiment; empty for one balancer
 */
public record AnalysisOptions(URI target, long requests, int concurrency, Duration timeout, long warmup,
                              double failoverRate, int keys, List<AlgorithmSetup> algorithms,
                              Set<Experiment> experiments, Path out, boolean progress, BalancerLauncher launcher,
                              List<URI> peers) {

    /** One balancer (or none: self-hosted). */
    public AnalysisOptions(URI target, long requests, int concurrency, Duration timeout, long warmup,
                           double failoverRate, int keys, List<AlgorithmSetup> algorithms,
                           Set<Experiment> experiments, Path out, boolean progress, BalancerLauncher launcher) {
        this(target, requests, concurrency, timeout, warmup, failoverRate, keys, algorithms, experiments, out, progress,
                launcher, List.of());
    }

    public AnalysisOptions {
        require(requests >= 1, "--requests must be >= 1, got " + requests);
        require(concurrency >= 1 && concurrency <= 10_000, "--concurrency must be 1..10000, got " + concurrency);
        require(!timeout.isNegative() && !timeout.isZero(), "--timeout must be > 0");
        require(warmup >= 0, "--warmup must be >= 0, got " + warmup);
        require(failoverRate >= 1 && failoverRate <= 100_000, "--failover-rate must be 1..100000 requests/s, got " + failoverRate);
        require(keys >= 1000 && keys <= 10_000_000, "--keys must be 1000..10000000, got " + keys);
        require(!algorithms.isEmpty(), "--algorithms must name at least one algorithm");
        require(!experiments.isEmpty(), "--experiments must name at least one experiment");
        if (target != null) {
            require("http".equals(target.getScheme()) && target.getHost() != null && target.getPort() > 0,
                    "--target must look like http://HOST:PORT, got " + target);
        } else {
            require(launcher != null, "self-hosting needs a launcher for 'ringlb start'");
        }
        peers = List.copyOf(peers);
        for (URI peer : peers) {
            require("http".equals(peer.getScheme()) && peer.getHost() != null && peer.getPort() > 0,
                    "--target must list URLs like http://HOST:PORT, got " + peer);
        }
        if (peers.isEmpty()) {
            require(!experiments.contains(Experiment.CLUSTER),
                    "the cluster experiment needs every instance of the cluster: --target URL1,URL2[,...]");
        } else {
            require(target != null, "cluster instances need a first --target");
            require(experiments.stream().noneMatch(Experiment::needsBalancer),
                    "with several --target URLs only the cluster, disruption and balance experiments run; a1..a4 take one balancer");
        }
        algorithms = List.copyOf(algorithms);
        experiments = Set.copyOf(EnumSet.copyOf(experiments));
    }

    /** Every instance of the cluster under analysis: {@code target}, then the peers. */
    public List<URI> clusterTargets() {
        List<URI> all = new java.util.ArrayList<>();
        all.add(target);
        all.addAll(peers);
        return all;
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    public boolean runs(Experiment e) {
        return experiments.contains(e);
    }

    public boolean selfHosted() {
        return target == null;
    }

    /** The configuration use. */
    public AlgorithmSetup primary() {
        return algorithms.get(0);
    }

    /** Whether any experiment needs a balancer. */
    public boolean needsBalancer() {
        return experiments.stream().anyMatch(Experiment::needsBalancer);
    }
}
