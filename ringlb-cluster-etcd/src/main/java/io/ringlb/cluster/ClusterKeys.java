package io.ringlb.cluster;

/**
 * Where a cluster keeps its state in etcd, all under {@code /ringlb/<cluster>/}:
 * <ul>
 *   <li>{@code members}: the {@link ClusterRecord} (no lease: it outlives every instance);</li>
 *   <li>{@code routing}: how the cluster hashes (algorithm, its knobs, the hash key), written
 *       with the record: an instance that would route otherwise does not join;</li>
 *   <li>{@code instances/<instance>}: one per live balancer, attached to its lease; the one
 *       created first is the leader (etcd's election recipe: the oldest live key wins);</li>
 *   <li>{@code launch/<op>/<replica>}: an owner's answer to "start this replica" (its address,
 *       or why it could not), attached to the owner's lease;</li>
 *   <li>{@code drained/<member id>/<instance>}: an instance has no request in flight left to a
 *       draining member ({@link Member#id()}: a new member of the same name may already serve),
 *       attached to that instance's lease.</li>
 * </ul>
 */
final class ClusterKeys {

    final String prefix;
    final String members;
    final String routing;
    final String instances;
    final String launch;
    final String drained;

    ClusterKeys(String cluster) {
        this.prefix = "/ringlb/" + cluster + "/";
        this.members = prefix + "members";
        this.routing = prefix + "routing";
        this.instances = prefix + "instances/";
        this.launch = prefix + "launch/";
        this.drained = prefix + "drained/";
    }

    String instance(String name) {
        return instances + name;
    }

    String launchResult(String op, String replicaKey) {
        return launch + op + "/" + replicaKey;
    }

    String launchPrefix(String op) {
        return launch + op + "/";
    }

    String drainedAck(String memberId, String instance) {
        return drained + memberId + "/" + instance;
    }

    String drainedPrefix(String memberId) {
        return drained + memberId + "/";
    }
}
