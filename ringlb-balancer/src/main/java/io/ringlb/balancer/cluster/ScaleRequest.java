package io.ringlb.balancer.cluster;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * A parsed {@code /add} or {@code /rm} body: {@code {"n": 1, "hostnames": [...], "addresses": [...]}}.
 * Syntax has been checked; whether it fits the cluster is the supervisor's call.
 *
 * @param n         how many replicas to add or remove (>= 1)
 * @param hostnames the names given, possibly fewer than n
 * @param addresses for static backends: where each named replica listens, parallel to hostnames;
 *                  empty when absent
 */
public record ScaleRequest(int n, List<String> hostnames, List<InetSocketAddress> addresses) {

    public ScaleRequest {
        hostnames = List.copyOf(hostnames);
        addresses = List.copyOf(addresses);
    }
}
