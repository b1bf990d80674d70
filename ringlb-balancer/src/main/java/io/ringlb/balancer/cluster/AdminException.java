package io.ringlb.balancer.cluster;

/**
 * A rejected admin request: the HTTP status and the message of the failure JSON, and for a 401
 * the {@code WWW-Authenticate} challenge. Nothing was changed when one is thrown.
 */
public final class AdminException extends RuntimeException {

    private final int status;
    private final String challenge;

    public AdminException(int status, String message) {
        this(status, message, null);
    }

    /** @param challenge the {@code WWW-Authenticate} value of a 401 (RFC 9110 §11.6.1), or null */
    public AdminException(int status, String message, String challenge) {
        super(message, null, false, false);
        this.status = status;
        this.challenge = challenge;
    }

    /** A 400 with {@code message}. */
    public static AdminException badRequest(String message) {
        return new AdminException(400, message);
    }

    public int status() {
        return status;
    }

    /** The {@code WWW-Authenticate} value, or null. */
    public String challenge() {
        return challenge;
    }
}
