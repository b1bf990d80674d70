package io.ringlb.cluster;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import io.ringlb.balancer.cluster.ReplicaNames;
import java.util.Locale;
import java.util.Objects;

/**
 * One replica in the cluster's shared membership.
 *
 * <p>A name is unique among the starting and serving members only: after {@code /rm}, a new
 * member may take the name while the old one still drains. Members are therefore told apart by
 * {@link #id()}, their name and the operation that created them, wherever the cluster finds one
 * again (the owner's replicas, every instance's ring, the {@code drained/} keys).
 *
 * @param name        the replica's name (compared case-insensitively)
 * @param owner       the balancer instance that runs it
 * @param ordinal     the spec mode's replica id
 * @param state       where it is in its life
 * @param host        where every instance reaches it (empty while starting)
 * @param port        its port (0 while starting)
 * @param op          the operation that created it (an {@code /add} or a leader's replacement),
 *                    kept for life: with the name it identifies the member. Null for a member an
 *                    older ringlb made serving (it cleared it then); such a member is identified
 *                    by its name alone, as older versions did
 * @param by          while starting: the instance running that operation
 * @param replacement while starting: whether it replaces a failed replica (the desired count
 *                    already includes it) rather than being added by {@code /add}
 * @param released    while draining: its owner has freed the name outside the cluster too (a
 *                    container renamed, a log file moved aside), so a new member may take it
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Member(@JsonProperty("name") String name, @JsonProperty("owner") String owner,
                     @JsonProperty("ordinal") int ordinal, @JsonProperty("state") State state,
                     @JsonProperty("host") String host, @JsonProperty("port") int port,
                     @JsonProperty("op") String op, @JsonProperty("by") String by,
                     @JsonProperty("replacement") boolean replacement,
                     @JsonProperty("released") boolean released) {

    /** A member's life: asked for, in the ring, leaving the ring. */
    public enum State {
        /** Its owner is starting it for operation {@code op}; not in the ring. */
        STARTING,
        /** In the ring. */
        SERVING,
        /** Out of the ring; requests in flight finish, then its owner stops it and removes it. */
        DRAINING;

        @JsonValue
        String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public Member {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(state, "state");
        host = host == null ? "" : host;
    }

    static Member starting(String name, String owner, int ordinal, String op, String by, boolean replacement) {
        return new Member(name, owner, ordinal, State.STARTING, "", 0, op, by, replacement, false);
    }

    /** This member, now in the ring at {@code host:port}. */
    Member serving(String newHost, int newPort) {
        return new Member(name, owner, ordinal, State.SERVING, newHost, newPort, op, null, false, false);
    }

    /** This member, out of the ring; its name still held until its owner releases it. */
    Member draining() {
        return new Member(name, owner, ordinal, State.DRAINING, host, port, op, null, false, false);
    }

    /** This draining member with its name released by its owner. */
    Member withNameReleased() {
        return new Member(name, owner, ordinal, State.DRAINING, host, port, op, null, false, true);
    }

    /** The name, compared case-insensitively. */
    String key() {
        return ReplicaNames.key(name);
    }

    /**
     * This member's identity, unique over the cluster's life: {@code name@op} (lower case; names
     * cannot hold {@code @}), or the name alone for a member without an operation. Safe in an etcd
     * key segment.
     */
    String id() {
        return op == null ? key() : key() + "@" + op;
    }

    boolean is(State s) {
        return state == s;
    }

    /** Whether this member holds its name: starting or serving, or draining with its name not yet released. */
    boolean holdsName() {
        return state != State.DRAINING || !released;
    }
}
