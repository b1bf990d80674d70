package io.ringlb.core;

import java.util.Arrays;
import java.util.List;
import java.util.function.IntPredicate;

/**
 * The {@code ring} mode: a ketama-style ring of virtual nodes on the 64-bit hash circle.
 *
 * <p>Member {@code m} owns {@code vnodesPerWeight * m.weight()} points, point {@code v} being
 * XXH3 of the string {@code m.name() + "#" + v}. Points depend only on the member's name, so every
 * balancer and every restart builds the same ring for the same names, whatever their order.
 * A key belongs to the first point at or after it, wrapping from the top of the circle to the
 * bottom (signed order: {@code Long.MAX_VALUE} is followed by {@code Long.MIN_VALUE}).
 *
 * <p>Adding a member only moves keys to it, and removing one only moves that member's keys
 * (Karger et al., 1997). Lookups are a binary search over a sorted {@code long[]}, narrowed
 * first by a 65,536-entry index on the keys' top 16 bits.
 */
public final class KetamaRing implements Ring {

    private static final int INDEX_BITS = 16;

    private final int size;
    private final long[] points;
    private final int[] owners;
    private final int[] index;

    private KetamaRing(int size, long[] points, int[] owners, int[] index) {
        this.size = size;
        this.points = points;
        this.owners = owners;
        this.index = index;
    }

    /**
     * Builds the ring for {@code members} (member numbers are their positions in the list).
     * Two points with the same hash are ordered by member name, so the result never depends on
     * the list's order.
     */
    public static KetamaRing build(List<RingMember> members, int vnodesPerWeight) {
        return build(members, vnodesPerWeight, null);
    }

    /** As {@link #build(List, int)}, taking each member's points from {@code cache} (null: none). */
    public static KetamaRing build(List<RingMember> members, int vnodesPerWeight, PointCache cache) {
        if (vnodesPerWeight < 1) {
            throw new IllegalArgumentException("vnodes must be >= 1, got " + vnodesPerWeight);
        }
        int n = members.size();
        long[][] perMember = new long[n][];
        int total = 0;
        if (cache != null) {
            cache.beginBuild();
        }
        for (int i = 0; i < n; i++) {
            RingMember m = members.get(i);
            int count = pointCount(m, vnodesPerWeight);
            perMember[i] = cache != null ? cache.points(m.name(), count) : memberPoints(m.name(), count);
            total = Math.addExact(total, count);
        }
        if (cache != null) {
            cache.endBuild();
        }
        long[] points = new long[total];
        int[] owners = new int[total];
        new SortedMerge(members, perMember).into(points, owners);
        return new KetamaRing(n, points, owners, buildIndex(points));
    }

    /** How many points member {@code m} owns. */
    static int pointCount(RingMember m, int vnodesPerWeight) {
        return Math.multiplyExact(vnodesPerWeight, m.weight());
    }

    /** The {@code count} points of the member called {@code name}, sorted. */
    static long[] memberPoints(String name, int count) {
        long[] pts = new long[count];
        for (int v = 0; v < count; v++) {
            pts[v] = pointHash(name, v);
        }
        Arrays.sort(pts);
        return pts;
    }

    /** The hash of virtual node {@code v} of the member called {@code name}. */
    public static long pointHash(String name, int v) {
        return XxHashKeys.hash(name + "#" + v, 0L);
    }

    @Override
    public int size() {
        return size;
    }

    /** Number of points on the ring. */
    public int pointCount() {
        return points.length;
    }

    /** Point {@code i} in ascending (signed) order; for {@link KeySpace}. */
    long point(int i) {
        return points[i];
    }

    /** The member owning point {@code i}; for {@link KeySpace}. */
    int pointOwner(int i) {
        return owners[i];
    }

    @Override
    public int lookup(long key) {
        return points.length == 0 ? -1 : owners[ownerPoint(key)];
    }

    @Override
    public int lookup(long key, IntPredicate acceptable) {
        if (points.length == 0) {
            return -1;
        }
        return RingWalk.firstAcceptable(owners, ownerPoint(key), acceptable);
    }

    /** Index of the first point at or after {@code key}, wrapping to 0. */
    private int ownerPoint(long key) {
        int b = bucketOf(key);
        int lo = index[b];
        int hi = index[b + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long p = points[mid];
            if (p < key) {
                lo = mid + 1;
            } else if (p > key) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return lo == points.length ? 0 : lo;
    }

    /**
     * index[b] = first point whose top {@link #INDEX_BITS} bits (as an unsigned bucket of the
     * signed order) are >= b; narrows each binary search to one bucket's few points.
     */
    private static int[] buildIndex(long[] points) {
        int[] index = new int[(1 << INDEX_BITS) + 1];
        int p = 0;
        for (int b = 0; b < 1 << INDEX_BITS; b++) {
            while (p < points.length && bucketOf(points[p]) < b) {
                p++;
            }
            index[b] = p;
        }
        index[1 << INDEX_BITS] = points.length;
        return index;
    }

    /** The bucket of a point or key: its top bits, in signed order (MIN_VALUE is bucket 0). */
    private static int bucketOf(long key) {
        return (int) ((key ^ Long.MIN_VALUE) >>> (64 - INDEX_BITS));
    }

    /** Merges the members' sorted point arrays into one sorted ring, ties broken by name. */
    private static final class SortedMerge {
        private final List<RingMember> members;
        private final long[][] perMember;
        private final int[] cursor;
        /** A binary min-heap of member numbers, ordered by their current point. */
        private final int[] heap;
        private int heapSize;

        SortedMerge(List<RingMember> members, long[][] perMember) {
            this.members = members;
            this.perMember = perMember;
            this.cursor = new int[perMember.length];
            this.heap = new int[perMember.length];
        }

        void into(long[] points, int[] owners) {
            for (int i = 0; i < perMember.length; i++) {
                if (perMember[i].length > 0) {
                    heap[heapSize++] = i;
                    siftUp(heapSize - 1);
                }
            }
            for (int out = 0; out < points.length; out++) {
                int top = heap[0];
                points[out] = perMember[top][cursor[top]];
                owners[out] = top;
                if (++cursor[top] == perMember[top].length) {
                    heap[0] = heap[--heapSize];
                }
                siftDown(0);
            }
        }

        private boolean less(int a, int b) {
            long pa = perMember[a][cursor[a]];
            long pb = perMember[b][cursor[b]];
            return pa < pb || (pa == pb && members.get(a).name().compareTo(members.get(b).name()) < 0);
        }

        private void siftUp(int i) {
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!less(heap[i], heap[parent])) {
                    return;
                }
                swap(i, parent);
                i = parent;
            }
        }

        private void siftDown(int i) {
            while (true) {
                int l = 2 * i + 1;
                if (l >= heapSize) {
                    return;
                }
                int smallest = l + 1 < heapSize && less(heap[l + 1], heap[l]) ? l + 1 : l;
                if (!less(heap[smallest], heap[i])) {
                    return;
                }
                swap(i, smallest);
                i = smallest;
            }
        }

        private void swap(int a, int b) {
            int t = heap[a];
            heap[a] = heap[b];
            heap[b] = t;
        }
    }
}
