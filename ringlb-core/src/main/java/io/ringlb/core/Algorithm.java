package io.ringlb.core;

import java.util.Locale;

/** The consistent-hashing modes ringlb offers. */
public enum Algorithm {
    /** Ketama-style virtual nodes on a 64-bit ring ({@link KetamaRing}); the default. */
    RING,
    /** Google's Maglev lookup table ({@link MaglevTable}). */
    MAGLEV,
    /** The classic assignment's 512-slot ring, reproduced exactly ({@link SpecRing}). */
    SPEC;

    /** The mode's name as the CLI spells it: {@code ring}, {@code maglev}, {@code spec}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a CLI name, case-insensitively. */
    public static Algorithm parse(String s) {
        for (Algorithm a : values()) {
            if (a.cliName().equalsIgnoreCase(s.trim())) {
                return a;
            }
        }
        throw new IllegalArgumentException("unknown algorithm '" + s + "' (expected ring, maglev or spec)");
    }
}
