package io.ringlb.balancer;

import io.ringlb.balancer.admin.AdminSettings;
import io.ringlb.balancer.proxy.ProxySettings;
import io.ringlb.core.HashingConfig;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything {@code ringlb start} configures.
 *
 * @param bind              address to listen on
 * @param port              port to listen on (0: any free port)
 * @param ioThreads         event loops (0: one per core)
 * @param pinIoThreads      pin each event loop to its own CPU, when there are enough
 * @param hashing           the consistent-hashing mode and its knobs
 * @param proxy             per-request behaviour
 * @param replicas          replicas to run (provisioners that create replicas)
 * @param maxReplicas       the most replicas {@code /add} may reach
 * @param heartbeatInterval between two heartbeats to a replica
 * @param heartbeatFails    consecutive failed heartbeats that take a replica out
 * @param heartbeatTimeout  one heartbeat's time limit
 * @param startupTimeout    a new replica's time to answer its first heartbeat
 * @param drainTimeout      a removed replica's time to finish its requests
 * @param shutdownGrace     on shutdown, time for requests in flight to finish
 * @param backends          static backends, name to address, in order
 * @param keepReplicas      leave replicas running on shutdown (for provisioners that can)
 * @param observe           the admin listener, metrics and access log
 * @param admin             who may change the cluster through {@code /add} and {@code /rm}
 * @param maxConnections    client connections at most; 0 to fit the open-files limit and the heap
 *                          ({@link io.ringlb.balancer.proxy.ClientConnectionLimit#defaultMax})
 */
public record BalancerConfig(String bind, int port, int ioThreads, boolean pinIoThreads, HashingConfig hashing, ProxySettings proxy,
                             int replicas, int maxReplicas, Duration heartbeatInterval, int heartbeatFails,
                             Duration heartbeatTimeout, Duration startupTimeout, Duration drainTimeout,
                             Duration shutdownGrace, Map<String, InetSocketAddress> backends, boolean keepReplicas,
                             ObserveSettings observe, AdminSettings admin, int maxConnections) {

    public BalancerConfig {
        backends = Collections.unmodifiableMap(new LinkedHashMap<>(backends)); // keeps the order given
        Objects.requireNonNull(admin, "admin");
        if (maxConnections < 0) {
            throw new IllegalArgumentException("maxConnections must be >= 0, got " + maxConnections);
        }
    }

    /**
     * A configuration without the admin listener or an access log ({@link ObserveSettings#quiet()}),
     * admin changes from loopback only, and connections to fit the open-files limit.
     */
    public BalancerConfig(String bind, int port, int ioThreads, boolean pinIoThreads, HashingConfig hashing, ProxySettings proxy,
                          int replicas, int maxReplicas, Duration heartbeatInterval, int heartbeatFails,
                          Duration heartbeatTimeout, Duration startupTimeout, Duration drainTimeout,
                          Duration shutdownGrace, Map<String, InetSocketAddress> backends, boolean keepReplicas) {
        this(bind, port, ioThreads, pinIoThreads, hashing, proxy, replicas, maxReplicas, heartbeatInterval, heartbeatFails,
                heartbeatTimeout, startupTimeout, drainTimeout, shutdownGrace, backends, keepReplicas, ObserveSettings.quiet(),
                AdminSettings.loopbackOnly(), 0);
    }

    public BalancerConfig withAdmin(AdminSettings a) {
        return new BalancerConfig(bind, port, ioThreads, pinIoThreads, hashing, proxy, replicas, maxReplicas, heartbeatInterval,
                heartbeatFails, heartbeatTimeout, startupTimeout, drainTimeout, shutdownGrace, backends, keepReplicas, observe, a,
                maxConnections);
    }
}
