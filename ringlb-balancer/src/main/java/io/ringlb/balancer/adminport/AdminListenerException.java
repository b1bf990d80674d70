package io.ringlb.balancer.adminport;

/** The admin listener could not start; the message says why and what to do, for the user. */
public final class AdminListenerException extends RuntimeException {

    AdminListenerException(String message, Throwable cause) {
        super(message, cause);
    }
}
