package io.ringlb.core;

import java.util.Objects;

/**
 * What a ring needs to know about a member: its name (ring and maglev modes derive every point
 * from it), its ordinal (the {@code spec} mode's integer replica id i) and its weight.
 */
public record RingMember(String name, int ordinal, int weight) {

    public RingMember {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("member name must not be empty");
        }
        if (ordinal < 1) {
            throw new IllegalArgumentException("ordinal must be >= 1, got " + ordinal);
        }
        if (weight < 1) {
            throw new IllegalArgumentException("weight must be >= 1, got " + weight);
        }
    }

    /** A member of weight 1. */
    public static RingMember of(String name, int ordinal) {
        return new RingMember(name, ordinal, 1);
    }
}
