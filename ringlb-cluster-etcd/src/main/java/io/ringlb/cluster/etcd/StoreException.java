package io.ringlb.cluster.etcd;

/** A call to the store failed or timed out: etcd is unreachable, has no quorum, or refused it. */
public final class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
