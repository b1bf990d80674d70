package io.ringlb.analysis;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** The experiments {@code ringlb analyze} can run, selectable with {@code --experiments}. */
public enum Experiment {
    /** requests per replica at N=3, for the primary algorithm. */
    A1("a1"),
    /** mean, min and max load per replica for N=2..6, for the primary algorithm. */
    A2("a2"),
    /** every endpoint, then a replica SIGKILLed under load and the recovery measured. */
    A3("a3"),
    /** A-4: A-1 and A-2 for every algorithm, side by side. */
    A4("a4"),
    /** Keys moved when a replica joins or leaves, per algorithm (hashing core only). */
    DISRUPTION("disruption"),
    /** Peak/mean against vnodes and against the maglev table size (hashing core only). */
    BALANCE("balance"),
    /** Several instances of one cluster: the same keys through each (agreement), then the leader killed. */
    CLUSTER("cluster");

    private final String cliName;

    Experiment(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Whether it sends requests to one balancer (A-1..A-4). */
    public boolean needsBalancer() {
        return this != DISRUPTION && this != BALANCE && this != CLUSTER;
    }

    /** Reads a comma list of names, or {@code all}: every experiment for one balancer. */
    public static Set<Experiment> parseList(String csv) {
        return parseList(csv, false);
    }

    /**
     * Reads a comma list of names, or {@code all}: with {@code cluster} (several targets) the
     * cluster experiment and those of the hashing core, otherwise every experiment but the
     * cluster's.
     */
    public static Set<Experiment> parseList(String csv, boolean cluster) {
        Set<Experiment> set = EnumSet.noneOf(Experiment.class);
        for (String raw : csv.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("all")) {
                set.addAll(cluster ? EnumSet.of(CLUSTER, DISRUPTION, BALANCE) : EnumSet.complementOf(EnumSet.of(CLUSTER)));
                continue;
            }
            set.add(parse(name));
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("no experiment given (e.g. all, or a1,a2,a3,a4,disruption,balance,cluster)");
        }
        return set;
    }

    private static Experiment parse(String name) {
        for (Experiment e : values()) {
            if (e.cliName.equals(name) || e.cliName.equals(name.replace("-", ""))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown experiment '" + name + "' (expected all, a1, a2, a3, a4, disruption, balance or cluster)");
    }
}
