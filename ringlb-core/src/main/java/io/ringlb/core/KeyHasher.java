package io.ringlb.core;

/**
 * Turns a request's hash key into the 64-bit key a {@link Ring} looks up. Implementations are
 * stateless, thread-safe and allocation-free.
 */
public interface KeyHasher {

    /** The ring key for a key taken from the request (a header, a cookie, the path, ...). */
    long hashKey(CharSequence key);

    /** The ring key for a numeric request id, such as the spec's random 6-digit ids. */
    long hashRequestId(long requestId);
}
