package io.ringlb.analysis.load;

/** Why a request of a load run did not yield a replica's answer. Every failure has exactly one kind. */
public enum ErrorKind {
    /** The TCP connection to the target could not be opened. */
    CONNECT("connect failed"),
    /** No complete response within the per-request timeout; the connection is then abandoned. */
    TIMEOUT("timed out"),
    /** The connection closed or failed after the request was written and before its response. */
    CLOSED("connection lost"),
    /** A response came, with a status outside 2xx (the status itself is counted too). */
    HTTP_STATUS("non-2xx status"),
    /** A 2xx response whose body does not name a replica the way /home does. */
    BAD_BODY("no replica in body");

    private final String label;

    ErrorKind(String label) {
        this.label = label;
    }

    /** A short human label, e.g. {@code timed out}. */
    public String label() {
        return label;
    }
}
