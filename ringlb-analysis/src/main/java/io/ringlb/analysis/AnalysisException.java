package io.ringlb.analysis;

/**
 * A failure the user can act on (bad option, unreachable target, a balancer that would not
 * start); its message is printed as is, without a stack trace.
 */
public final class AnalysisException extends RuntimeException {

    public AnalysisException(String message) {
        super(message);
    }

    public AnalysisException(String message, Throwable cause) {
        super(message, cause);
    }
}
