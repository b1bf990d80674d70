package io.ringlb.balancer.cluster;

/**
 * A rejected admin request: the HTTP status and the message of the failure JSON. Nothing was
 * changed when one is thrown.
 */
public final class AdminException extends RuntimeException {

    private final int status;

    public AdminException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** A 400 with {@code message}. */
    public static AdminException badRequest(String message) {
        return new AdminException(400, message);
    }

    public int status() {
        return status;
    }
}
