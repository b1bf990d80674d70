package io.ringlb.core;

import java.util.function.IntPredicate;

/**
 * An immutable consistent-hashing snapshot over members numbered {@code 0..size()-1}.
 *
 * <p>Implementations are built once per membership change and then only read, from any number of
 * threads, without locks. Member numbers are positions in the member list the snapshot was built
 * from; callers keep that list (see {@link RoutingTable}).
 *
 * <p>Keys are the 64-bit values produced by the snapshot's {@link KeyHasher}; each mode interprets
 * them its own way (a request id in {@code spec} mode, a hash elsewhere).
 */
public interface Ring {

    /** Number of members the snapshot was built from. */
    int size();

    /** The member owning {@code key}, or -1 when the ring is empty. Never allocates. */
    int lookup(long key);

    /**
     * Walks from {@code key}'s owner to the next distinct members in this ring's order and returns
     * the first one {@code acceptable} accepts, or -1 if it accepts none. The owner is tried first,
     * so with a predicate that accepts everything this equals {@link #lookup(long)}. Used for
     * retries (skip members already tried) and bounded loads (skip members over capacity).
     * The predicate may be asked about the same member more than once.
     */
    int lookup(long key, IntPredicate acceptable);
}
