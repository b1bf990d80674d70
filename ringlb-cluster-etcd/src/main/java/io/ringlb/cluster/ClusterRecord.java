package io.ringlb.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ringlb.balancer.cluster.ReplicaNames;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The cluster's shared membership, one JSON document under one etcd key: the desired replica
 * count and every replica (starting, serving or draining) in the order it was added. A name is
 * held by one starting or serving member at most; draining members may share it with a new one
 * and with each other, and are told apart by {@link Member#id()}. Every
 * change is a new record written by a transaction guarded on the key's revision, so writers never
 * lose each other's changes and every instance that reads revision R builds the same ring.
 * Immutable; the methods return changed copies.
 *
 * @param desired      how many replicas the cluster keeps (the leader replaces failed ones up to it)
 * @param replicas     in the order added; the serving ones make the ring
 * @param ringRevision the etcd revision that made the serving members what they are, when an
 *                     earlier record did; 0 when this record itself changed them
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
public record ClusterRecord(@JsonProperty("desired") int desired, @JsonProperty("replicas") List<Member> replicas,
                            @JsonProperty("ringRevision") long ringRevision) {

    static final ObjectMapper JSON = new ObjectMapper();
    public static final ClusterRecord EMPTY = new ClusterRecord(0, List.of());

    public ClusterRecord {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    public ClusterRecord(int desired, List<Member> replicas) {
        this(desired, replicas, 0);
    }

    /**
     * The ring's version when this record is stored at {@code revision}: the revision at which its
     * serving members last changed. Every instance computes the same from the same record.
     */
    long ringVersion(long revision) {
        return ringRevision != 0 ? ringRevision : revision;
    }

    /**
     * This record, to be written over {@code previous} (stored at {@code previousRevision}),
     * carrying the ring's version on if the serving members stay as they were.
     */
    ClusterRecord after(ClusterRecord previous, long previousRevision) {
        long carried = serving().equals(previous.serving()) && previousRevision != 0 ? previous.ringVersion(previousRevision) : 0;
        return carried == ringRevision ? this : new ClusterRecord(desired, replicas, carried);
    }

    static ClusterRecord parse(byte[] json) {
        try {
            return JSON.readValue(json, ClusterRecord.class);
        } catch (IOException e) {
            throw new IllegalStateException("the cluster's membership record is not valid JSON: " + e.getMessage(), e);
        }
    }

    byte[] toJson() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ring: serving members in the order added. */
    List<Member> serving() {
        return replicas.stream().filter(m -> m.is(Member.State.SERVING)).toList();
    }

    /** The member whose {@link Member#id()} is {@code id}, or null. */
    Member member(String id) {
        for (Member m : replicas) {
            if (m.id().equals(id)) {
                return m;
            }
        }
        return null;
    }

    /** The starting or serving member called {@code name} (there is at most one), or null. */
    Member active(String name) {
        String key = ReplicaNames.key(name);
        for (Member m : replicas) {
            if (!m.is(Member.State.DRAINING) && m.key().equals(key)) {
                return m;
            }
        }
        return null;
    }

    /**
     * Whether a new member may not be called {@code name}: a member holds it (starting, serving,
     * or draining with its name not yet released by its owner, see {@link Member#holdsName()}).
     */
    boolean taken(String name) {
        String key = ReplicaNames.key(name);
        return replicas.stream().anyMatch(m -> m.key().equals(key) && m.holdsName());
    }

    /** Serving members plus replacements being started: what counts towards {@link #desired}. */
    int counted() {
        return (int) replicas.stream().filter(m -> m.is(Member.State.SERVING) || (m.is(Member.State.STARTING) && m.replacement())).count();
    }

    /** The smallest replica ids (1, 2, ...) no starting or serving member holds, {@code n} of them. */
    List<Integer> freeOrdinals(int n) {
        BitSet used = new BitSet();
        for (Member m : replicas) {
            if (!m.is(Member.State.DRAINING)) {
                used.set(m.ordinal());
            }
        }
        List<Integer> free = new ArrayList<>();
        for (int i = used.nextClearBit(1); free.size() < n; i = used.nextClearBit(i + 1)) {
            free.add(i);
        }
        return free;
    }

    ClusterRecord withAppended(Collection<Member> added) {
        List<Member> all = new ArrayList<>(replicas);
        all.addAll(added);
        return new ClusterRecord(desired, all);
    }

    /**
     * Operation {@code op}'s starting members, now serving at their addresses, and the desired
     * count raised by {@code desiredDelta}; null if any of them is gone.
     */
    ClusterRecord committed(String op, Map<String, InetSocketAddress> addresses, int desiredDelta) {
        List<Member> all = new ArrayList<>();
        int found = 0;
        for (Member m : replicas) {
            if (m.is(Member.State.STARTING) && op.equals(m.op())) {
                InetSocketAddress a = addresses.get(m.key());
                if (a == null) {
                    return null;
                }
                all.add(m.serving(a.getHostString(), a.getPort()));
                found++;
            } else {
                all.add(m);
            }
        }
        return found == addresses.size() ? new ClusterRecord(desired + desiredDelta, all) : null;
    }

    /** Without the members {@code drop} selects, the desired count changed by {@code desiredDelta}. */
    ClusterRecord without(Predicate<Member> drop, int desiredDelta) {
        List<Member> kept = replicas.stream().filter(drop.negate()).toList();
        return kept.size() == replicas.size() && desiredDelta == 0 ? this : new ClusterRecord(desired + desiredDelta, kept);
    }

    /** The serving members {@code ids} select now draining, and the desired count lowered by their number. */
    ClusterRecord draining(Set<String> ids) {
        List<Member> all = new ArrayList<>();
        int drained = 0;
        for (Member m : replicas) {
            boolean leaves = ids.contains(m.id()) && m.is(Member.State.SERVING);
            all.add(leaves ? m.draining() : m);
            drained += leaves ? 1 : 0;
        }
        return new ClusterRecord(desired - drained, all);
    }

    /** Draining member {@code id} with its name released by its owner; this record if there is no such member to change. */
    ClusterRecord nameReleased(String id) {
        Member m = member(id);
        if (m == null || !m.is(Member.State.DRAINING) || m.released()) {
            return this;
        }
        List<Member> all = replicas.stream().map(x -> x == m ? x.withNameReleased() : x).toList();
        return new ClusterRecord(desired, all);
    }
}
