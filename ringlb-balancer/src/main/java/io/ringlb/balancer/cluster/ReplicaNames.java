package io.ringlb.balancer.cluster;

import java.security.SecureRandom;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Replica names: valid DNS labels (RFC 1123), compared case-insensitively. */
public final class ReplicaNames {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?", Pattern.CASE_INSENSITIVE);
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ReplicaNames() {
    }

    /** Whether {@code name} is a DNS label: 1-63 letters, digits or hyphens, no hyphen at either end. */
    public static boolean isValid(String name) {
        return name != null && LABEL.matcher(name).matches();
    }

    /** The form names are compared in. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** A random name such as {@code srv-k3x9qa} that is not in {@code taken} (keys). */
    public static String random(Set<String> taken) {
        while (true) {
            StringBuilder sb = new StringBuilder("srv-");
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
