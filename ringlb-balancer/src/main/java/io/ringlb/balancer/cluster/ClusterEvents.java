package io.ringlb.balancer.cluster;

/**
 * What happens to the replica set, for metrics and the dashboard: heard by listeners registered
 * with {@link ReplicaSupervisor#listen}. Called on the control thread, except
 * {@link #heartbeat}, which comes from the event loop that ran the check; listeners must be quick
 * and must not throw.
 */
public interface ClusterEvents {

    /** How a replica came into the ring. */
    enum Joined {
        /** Started at start-up or by {@code /add}; or a static backend registered. */
        ADDED,
        /** Started in place of one that failed. */
        REPLACEMENT,
        /** Found running at start-up (docker). */
        ADOPTED,
        /** A static backend answering its heartbeats again. */
        HEALTHY_AGAIN
    }

    /** How a replica left the ring. */
    enum Left {
        /** Taken out by {@code /rm}; it drains, then stops. */
        REMOVED,
        /** Failed (exited, or missed its heartbeats) and is replaced. */
        FAILED,
        /** A static backend missing its heartbeats: out until it answers again. */
        UNHEALTHY
    }

    /** One heartbeat to {@code replica} took {@code nanos}; {@code failure} is null when it was good. */
    default void heartbeat(Replica replica, long nanos, String failure) {
    }

    default void joined(Replica replica, Joined how) {
    }

    default void left(Replica replica, Left how, String reason) {
    }

    /**
     * A replacement joined {@code nanos} after the failure it replaces was noticed: the time the
     * cluster took to heal.
     */
    default void healed(Replica replacement, long nanos) {
    }
}
