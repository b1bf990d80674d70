package io.ringlb.balancer.cluster;

import io.ringlb.replica.ReplicaName;
import java.security.SecureRandom;
import java.util.Locale;
import java.util.Set;

/**
 * Replica names: what Docker accepts as a container name, 1 to 63 letters, digits, {@code _},
 * {@code .} and {@code -}, starting with a letter or digit ({@code server1}, {@code S_123456},
 * {@code s4.eu}, {@code srv-2}).
 *
 * <p>Names compare case-insensitively: a replica's name is also its hostname and, with Docker, its
 * alias on the replicas' network, and DNS compares names without case (RFC 4343), so {@code S0}
 * and {@code s0} would answer for each other there; clients that compare names without case would
 * confuse them too.
 */
public final class ReplicaNames {

    /** Said in every message that refuses a name. */
    public static final String RULE = ReplicaName.RULE;

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReplicaNames() {
    }

    /** Whether {@code name} is a valid replica name (see {@link #RULE}): the replica's own rule. */
    public static boolean isValid(String name) {
        return ReplicaName.isValid(name);
    }

    /** The form names are compared in. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * A random name such as {@code srvk3x9qa}, letters and digits only (so that clients reading
     * names with {@code \w+} read it whole), that is not in {@code taken} (keys).
     */
    public static String random(Set<String> taken) {
        while (true) {
            StringBuilder sb = new StringBuilder("srv");
            for (int i = 0; i < 6; i++) {
                sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
            }
            String name = sb.toString();
            if (!taken.contains(name)) {
                return name;
            }
        }
    }
}
