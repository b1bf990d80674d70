package io.ringlb.core;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each member's sorted ring points ({@link KetamaRing}), kept from one build to the next: a
 * member's points depend only on its name and count, so a ring built after an {@code /add}, a
 * removal or a replacement hashes only the members it has not seen. Points can also be made
 * ahead ({@link #prepare}), for members about to join, while they start.
 *
 * <p>Holds the points of the last build's members and of members prepared since; the others go
 * at the next build. Not thread-safe: one thread builds (the balancer's control thread).
 */
public final class PointCache {

    private record Key(String name, int count) {
    }

    private static final class Entry {
        final long[] points;
        long generation;

        Entry(long[] points, long generation) {
            this.points = points;
            this.generation = generation;
        }
    }

    private final Map<Key, Entry> entries = new HashMap<>();
    /** Counts builds; an entry remembers the last one that used it (or the next, if prepared). */
    private long generation;

    /** Makes the points of {@code members} now, for a build soon after. */
    public void prepare(List<RingMember> members, int vnodesPerWeight) {
        for (RingMember m : members) {
            points(m.name(), KetamaRing.pointCount(m, vnodesPerWeight), generation + 1);
        }
    }

    /** Drops the points prepared since the last build (their members did not join after all). */
    public void forgetPrepared() {
        entries.values().removeIf(e -> e.generation > generation);
    }

    /** Number of members whose points are held; for tests. */
    int held() {
        return entries.size();
    }

    /** Starts a build: its points are those {@link #points(String, int)} hands out until the next. */
    void beginBuild() {
        generation++;
    }

    /** Ends a build: drops what neither it nor a {@link #prepare} since the previous build asked for. */
    void endBuild() {
        entries.values().removeIf(e -> e.generation < generation);
    }

    /** The sorted points of member {@code name} with {@code count} points; do not modify. */
    long[] points(String name, int count) {
        return points(name, count, generation);
    }

    private long[] points(String name, int count, long usedIn) {
        Entry e = entries.computeIfAbsent(new Key(name, count), k -> new Entry(KetamaRing.memberPoints(name, count), usedIn));
        e.generation = Math.max(e.generation, usedIn);
        return e.points;
    }
}
