package io.ringlb.balancer.traffic;

/** A replica as the recorders see it: a name and its counters. */
public interface Upstream {

    String name();

    ReplicaTraffic traffic();
}
