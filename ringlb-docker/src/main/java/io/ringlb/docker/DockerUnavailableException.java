package io.ringlb.docker;

/** The docker provisioner cannot work here: no engine, no image, an unusable network. The message says what to do. */
public final class DockerUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DockerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    public DockerUnavailableException(String message) {
        super(message);
    }
}
