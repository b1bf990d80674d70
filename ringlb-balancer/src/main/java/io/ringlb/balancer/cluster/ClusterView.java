package io.ringlb.balancer.cluster;

import java.util.List;

/**
 * What {@code /rep} shows: the replicas in the ring, in the order they were added, and for
 * static backends those registered but failing their heartbeats.
 */
public record ClusterView(List<String> replicas, List<String> unhealthy) {

    public ClusterView {
        replicas = List.copyOf(replicas);
        unhealthy = List.copyOf(unhealthy);
    }

    public int n() {
        return replicas.size();
    }
}
