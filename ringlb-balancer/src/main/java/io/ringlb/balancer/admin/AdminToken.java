package io.ringlb.balancer.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;

/**
 * The secret that {@code Authorization: Bearer <token>} must carry to change the cluster. Only its
 * SHA-256 digest is kept, and a presented token is compared by digest with
 * {@link MessageDigest#isEqual} (constant time), so neither the time taken nor the object's
 * {@link #toString} says anything about the token, not even its length.
 */
public final class AdminToken {

    /** RFC 6750 §2.1's b64token: what a Bearer credential may contain. */
    private static final Pattern B64TOKEN = Pattern.compile("[A-Za-z0-9\\-._~+/]+=*");

    private final byte[] digest;

    private AdminToken(byte[] digest) {
        this.digest = digest;
    }

    /**
     * The token {@code value}, with surrounding whitespace (a file's final newline) removed.
     *
     * @throws IllegalArgumentException if it is empty or has characters a Bearer credential cannot
     *                                  carry (the message never repeats the token)
     */
    public static AdminToken of(String value) {
        String t = value == null ? "" : value.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException("the admin token is empty");
        }
        if (!B64TOKEN.matcher(t).matches()) {
            throw new IllegalArgumentException("the admin token may hold only letters, digits and - . _ ~ + / "
                    + "(then = at the end), as a Bearer credential must (RFC 6750); `openssl rand -hex 32` makes one");
        }
        return new AdminToken(sha256(t));
    }

    /** Whether {@code presented} is the token, in time that does not depend on either. */
    boolean matches(String presented) {
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }

    @Override
    public String toString() {
        return "AdminToken[redacted]";
    }
}
