package io.ringlb.balancer.cluster;

import java.util.List;

/**
 * What {@code /rep} shows: the replicas in the ring, in the order they were added, and for
 * static backends those registered but failing their heartbeats.
 *
 * @param version the version of the ring this view belongs to ({@link Routing.State#version()})
 */
public record ClusterView(List<String> replicas, List<String> unhealthy, long version) {

    public ClusterView {
        replicas = List.copyOf(replicas);
        unhealthy = List.copyOf(unhealthy);
    }

    public ClusterView(List<String> replicas, List<String> unhealthy) {
        this(replicas, unhealthy, 0);
    }

    public int n() {
        return replicas.size();
    }
}
