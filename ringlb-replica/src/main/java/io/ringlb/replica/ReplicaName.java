package io.ringlb.replica;

import java.util.regex.Pattern;

/**
 * What a replica may be called: what Docker accepts as a container name, 1 to 63 letters, digits,
 * {@code _}, {@code .} and {@code -}, starting with a letter or digit ({@code server1},
 * {@code S_123456}, {@code s4.eu}, {@code srv-2}). The replica checks its {@code --name} with it,
 * and the balancer every name it is given (io.ringlb.balancer.cluster.ReplicaNames).
 */
public final class ReplicaName {

    /** Said in every message that refuses a name. */
    public static final String RULE = "1-63 letters, digits, '_', '.' or '-', starting with a letter or digit";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,62}");

    private ReplicaName() {
    }

    /** Whether {@code name} is a valid replica name (see {@link #RULE}). */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches();
    }
}
