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
 * @param name        the replica's name (unique in the cluster, compared case-insensitively)
 * @param owner       the balancer instance that runs it
 * @param ordinal     the spec mode's replica id
 * @param state       where it is in its life
 * @param host        where every instance reaches it (empty while starting)
 * @param port        its port (0 while starting)
 * @param op          while starting: the operation that asked for it
 * @param by          while starting: the instance running that operation
 * @param replacement while starting: whether it replaces a failed replica (the desired count
 *                    already includes it) rather than being added by {@code /add}
 */
@JsonInclude(JsonInclude.Include.NON_DEFAULT)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Member(@JsonProperty("name") String name, @JsonProperty("owner") String owner,
                     @JsonProperty("ordinal") int ordinal, @JsonProperty("state") State state,
                     @JsonProperty("host") String host, @JsonProperty("port") int port,
                     @JsonProperty("op") String op, @JsonProperty("by") String by,
                     @JsonProperty("replacement") boolean replacement) {

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
        return new Member(name, owner, ordinal, State.STARTING, "", 0, op, by, replacement);
    }

    /** This member, now in the ring at {@code host:port}. */
    Member serving(String newHost, int newPort) {
        return new Member(name, owner, ordinal, State.SERVING, newHost, newPort, null, null, false);
    }

    Member draining() {
        return new Member(name, owner, ordinal, State.DRAINING, host, port, null, null, false);
    }

    String key() {
        return ReplicaNames.key(name);
    }

    boolean is(State s) {
        return state == s;
    }
}
