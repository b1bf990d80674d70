package io.ringlb.balancer.cluster;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Who belongs to the cluster, as the supervisor's control thread sees it (not thread-safe): the
 * registered replicas in the order they were added, which of them fail heartbeats (static
 * backends only), the names held by replicas starting or failed and still stopping, and the spec
 * mode's replica ids in use. Names compare case-insensitively ({@link ReplicaNames}). A replica
 * removed by {@code /rm} holds neither name nor id while it drains.
 */
final class Membership {

    private final Map<String, Replica> members = new LinkedHashMap<>();
    private final Set<String> unhealthy = new HashSet<>();
    private final Set<String> reserved = new HashSet<>();
    private final BitSet ordinals = new BitSet();

    int size() {
        return members.size();
    }

    Collection<Replica> all() {
        return members.values();
    }

    /** The registered replica called {@code name}, or null. */
    Replica get(String name) {
        return members.get(ReplicaNames.key(name));
    }

    /** Whether {@code r} itself (not merely a namesake) is registered. */
    boolean isMember(Replica r) {
        return members.get(ReplicaNames.key(r.name())) == r;
    }

    void add(Replica r) {
        members.put(ReplicaNames.key(r.name()), r);
    }

    /** Unregisters {@code r}; its id is free again at once (it is off the ring). */
    void remove(Replica r) {
        String key = ReplicaNames.key(r.name());
        members.remove(key);
        unhealthy.remove(key);
        ordinals.clear(r.ordinal());
    }

    boolean isUnhealthy(Replica r) {
        return unhealthy.contains(ReplicaNames.key(r.name()));
    }

    /** Marks a registered replica unhealthy; false if it already was. */
    boolean markUnhealthy(Replica r) {
        return unhealthy.add(ReplicaNames.key(r.name()));
    }

    /** Marks a registered replica healthy; false if it already was. */
    boolean markHealthy(Replica r) {
        return unhealthy.remove(ReplicaNames.key(r.name()));
    }

    /** Holds {@code name} for a replica that is starting, or that failed, until it is stopped. */
    void reserve(String name) {
        reserved.add(ReplicaNames.key(name));
    }

    void release(String name) {
        reserved.remove(ReplicaNames.key(name));
    }

    /** Whether a replica registered, starting, or failed and still stopping has this name. */
    boolean isTaken(String name) {
        String key = ReplicaNames.key(name);
        return members.containsKey(key) || reserved.contains(key);
    }

    /**
     * A random name not taken, not in {@code alsoTaken} (name keys), and that {@code usable}
     * accepts (a provisioner may know of names held elsewhere).
     */
    String freshName(Set<String> alsoTaken, Predicate<String> usable) {
        Set<String> taken = new HashSet<>(members.keySet());
        taken.addAll(reserved);
        taken.addAll(alsoTaken);
        while (true) {
            String name = ReplicaNames.random(taken);
            if (usable.test(name)) {
                return name;
            }
            taken.add(name);
        }
    }

    /** The smallest free replica id (1, 2, 3, ...), now in use. */
    int claimOrdinal() {
        int i = ordinals.nextClearBit(1);
        ordinals.set(i);
        return i;
    }

    /** {@code preferred} if it is positive and free, else the smallest free id; now in use. */
    int claimOrdinal(int preferred) {
        if (preferred > 0 && !ordinals.get(preferred)) {
            ordinals.set(preferred);
            return preferred;
        }
        return claimOrdinal();
    }

    /** The ids {@link #claimOrdinal} would hand out next, {@code n} of them, without claiming any. */
    List<Integer> freeOrdinals(int n) {
        List<Integer> out = new ArrayList<>();
        for (int i = ordinals.nextClearBit(1); out.size() < n; i = ordinals.nextClearBit(i + 1)) {
            out.add(i);
        }
        return out;
    }

    void releaseOrdinal(int ordinal) {
        ordinals.clear(ordinal);
    }

    /** The replicas that route: registered and healthy, in the order they were added. */
    List<Replica> ring() {
        List<Replica> ring = new ArrayList<>();
        for (Map.Entry<String, Replica> e : members.entrySet()) {
            if (!unhealthy.contains(e.getKey())) {
                ring.add(e.getValue());
            }
        }
        return ring;
    }

    /** Names of registered replicas that fail their heartbeats, in the order added. */
    List<String> unhealthyNames() {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Replica> e : members.entrySet()) {
            if (unhealthy.contains(e.getKey())) {
                names.add(e.getValue().name());
            }
        }
        return names;
    }
}
