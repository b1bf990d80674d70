package io.ringlb.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import java.util.function.IntPredicate;

/**
 * An immutable snapshot binding a {@link Ring} to the members it routes to. Balancers publish a
 * new table on every membership change (through a volatile field or an atomic reference) and
 * read it without locks.
 *
 * @param <T> the member type (a replica handle in the balancer, a name in analysis)
 */
public final class RoutingTable<T> {

    private final List<T> members;
    private final Ring ring;
    private final KeyHasher keyHasher;

    private RoutingTable(List<T> members, Ring ring, KeyHasher keyHasher) {
        this.members = members;
        this.ring = ring;
        this.keyHasher = keyHasher;
    }

    /**
     * Builds the table for {@code members}, in the order they were added.
     *
     * @param describe what the ring needs to know of each member
     */
    public static <T> RoutingTable<T> build(HashingConfig config, List<T> members,
                                            Function<? super T, RingMember> describe) {
        return build(config, members, describe, null);
    }

    /** As {@link #build(HashingConfig, List, Function)}, with ring points from {@code points} (null: none). */
    public static <T> RoutingTable<T> build(HashingConfig config, List<T> members,
                                            Function<? super T, RingMember> describe, PointCache points) {
        List<T> copy = Collections.unmodifiableList(new ArrayList<>(members));
        List<RingMember> ringMembers = new ArrayList<>(copy.size());
        for (T m : copy) {
            ringMembers.add(describe.apply(m));
        }
        return new RoutingTable<>(copy, config.build(ringMembers, points), config.keyHasher());
    }

    /** The members, in the order they were added. */
    public List<T> members() {
        return members;
    }

    public int size() {
        return members.size();
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    public T member(int index) {
        return members.get(index);
    }

    public Ring ring() {
        return ring;
    }

    public KeyHasher keyHasher() {
        return keyHasher;
    }

    /** The member owning ring key {@code key}, or null when empty. */
    public T route(long key) {
        int i = ring.lookup(key);
        return i < 0 ? null : members.get(i);
    }

    /** See {@link Ring#lookup(long, IntPredicate)}; the predicate gets member indices. */
    public T route(long key, IntPredicate acceptable) {
        int i = ring.lookup(key, acceptable);
        return i < 0 ? null : members.get(i);
    }
}
