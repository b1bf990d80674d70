package io.ringlb.balancer.proxy;

import io.netty.channel.ChannelFuture;
import io.ringlb.balancer.cluster.Replica;

/**
 * How an event loop opens a connection to a replica. The channel it completes with ends in a
 * {@link ReplicaConnection} and belongs to the same event loop, so a request never crosses
 * threads. Production uses {@link BootstrapConnector}; in-process tests hand out embedded channels.
 */
@FunctionalInterface
interface BackendConnector {

    /** Starts connecting to {@code replica}; the future completes on the calling loop. */
    ChannelFuture connect(Replica replica);
}
