package io.ringlb.balancer.cluster;

/**
 * One heartbeat's outcome: answered 200, failed because of the replica, or failed here, before
 * the replica could be asked (no socket could be opened on this machine: out of file descriptors
 * or ports), which says nothing about the replica and must not count against it.
 *
 * @param failure why it failed, or null when the replica answered 200
 * @param local   whether the failure was this machine's
 */
public record HeartbeatResult(String failure, boolean local) {

    static final HeartbeatResult OK = new HeartbeatResult(null, false);

    static HeartbeatResult replicaFailed(String why) {
        return new HeartbeatResult(why, false);
    }

    static HeartbeatResult localFailure(String why) {
        return new HeartbeatResult(why, true);
    }

    public boolean ok() {
        return failure == null;
    }
}
