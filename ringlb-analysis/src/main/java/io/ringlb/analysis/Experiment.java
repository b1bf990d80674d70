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
    BALANCE("balance");

    private final String cliName;

    Experiment(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Whether it sends requests to a balancer. */
    public boolean needsBalancer() {
        return this != DISRUPTION && this != BALANCE;
    }

    /** Reads a comma list of names, or {@code all}. */
    public static Set<Experiment> parseList(String csv) {
        Set<Experiment> set = EnumSet.noneOf(Experiment.class);
        for (String raw : csv.split(",")) {
            String name = raw.trim().toLowerCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            if (name.equals("all")) {
                set.addAll(EnumSet.allOf(Experiment.class));
                continue;
            }
            set.add(parse(name));
        }
        if (set.isEmpty()) {
            throw new IllegalArgumentException("no experiment given (e.g. all, or a1,a2,a3,a4,disruption,balance)");
        }
        return set;
    }

    private static Experiment parse(String name) {
        for (Experiment e : values()) {
            if (e.cliName.equals(name) || e.cliName.equals(name.replace("-", ""))) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown experiment '" + name + "' (expected all, a1, a2, a3, a4, disruption or balance)");
    }
}
