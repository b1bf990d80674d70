package io.ringlb.analysis;

import io.ringlb.core.Algorithm;
import io.ringlb.core.HashingConfig;
import io.ringlb.core.Probing;
import io.ringlb.core.SpecFunctions;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One balancer configuration an analysis compares: a hashing mode, and bounded loads or not.
 * The same value configures a self-hosted balancer ({@link #startArgs()}) and the hashing core
 * for the experiments without network ({@link #hashing()}).
 *
 * @param name          the label in charts and on the command line, e.g. {@code spec-xxhash}
 * @param hashing       the hashing core's configuration
 * @param balanceFactor bounded loads' c, or 0 for plain consistent hashing
 */
public record AlgorithmSetup(String name, HashingConfig hashing, double balanceFactor) {

    /** Every configuration {@link #parse} knows, in the default order of reports. */
    public static final String ALL = "ring,maglev,bounded,spec,spec-xxhash";

    /** Bounded loads' factor in the {@code bounded} setups: the value the paper and HAProxy suggest. */
    public static final double BOUNDED_FACTOR = 1.25;

    /**
     * Reads one name: {@code ring}, {@code maglev}, {@code spec} (the assignment's quadratic H and
     * Φ; also {@code spec-quadratic}), {@code spec-xxhash} (XXH3-based H and Φ on the same 512
     * slots), {@code bounded} (ring with bounded loads, c = 1.25) or {@code bounded-maglev}.
     */
    public static AlgorithmSetup parse(String raw) {
        String name = raw.trim().toLowerCase(Locale.ROOT);
        return switch (name) {
            case "ring" -> new AlgorithmSetup(name, HashingConfig.defaults(Algorithm.RING), 0);
            case "maglev" -> new AlgorithmSetup(name, HashingConfig.defaults(Algorithm.MAGLEV), 0);
            case "spec", "spec-quadratic" -> new AlgorithmSetup("spec", spec(SpecFunctions.QUADRATIC), 0);
            case "spec-xxhash" -> new AlgorithmSetup(name, spec(SpecFunctions.XXHASH), 0);
            case "bounded" -> new AlgorithmSetup(name, HashingConfig.defaults(Algorithm.RING), BOUNDED_FACTOR);
            case "bounded-maglev" -> new AlgorithmSetup(name, HashingConfig.defaults(Algorithm.MAGLEV), BOUNDED_FACTOR);
            default -> throw new IllegalArgumentException("unknown algorithm '" + raw.trim()
                    + "' (expected ring, maglev, bounded, bounded-maglev, spec, spec-quadratic or spec-xxhash)");
        };
    }

    /** Reads a comma list; the first is the primary (A-1, A-2, A-3 run on it). */
    public static List<AlgorithmSetup> parseList(String csv) {
        Set<String> seen = new LinkedHashSet<>();
        List<AlgorithmSetup> list = new ArrayList<>();
        for (String part : csv.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            AlgorithmSetup s = parse(part);
            if (!seen.add(s.name())) {
                throw new IllegalArgumentException("algorithm '" + s.name() + "' is listed twice");
            }
            list.add(s);
        }
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no algorithm given (e.g. " + ALL + ")");
        }
        return List.copyOf(list);
    }

    private static HashingConfig spec(SpecFunctions functions) {
        return HashingConfig.defaults(Algorithm.SPEC).withSpec(functions, Probing.LINEAR);
    }

    public boolean boundedLoads() {
        return balanceFactor > 0;
    }

    /** The {@code ringlb start} options that run this configuration. */
    public List<String> startArgs() {
        List<String> args = new ArrayList<>(List.of("--algorithm", hashing.algorithm().cliName()));
        if (hashing.algorithm() == Algorithm.SPEC) {
            args.addAll(List.of("--spec-hash", hashing.specFunctions().name().toLowerCase(Locale.ROOT),
                    "--probing", hashing.probing().name().toLowerCase(Locale.ROOT)));
        }
        if (boundedLoads()) {
            args.addAll(List.of("--balance-factor", Double.toString(balanceFactor)));
        }
        return args;
    }

    /** E.g. {@code ring (vnodes=4096), bounded loads c=1.25}. */
    public String describe() {
        return hashing.describe() + (boundedLoads() ? ", bounded loads c=" + balanceFactor : "");
    }
}
