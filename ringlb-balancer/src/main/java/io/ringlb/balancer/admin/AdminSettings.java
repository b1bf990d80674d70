package io.ringlb.balancer.admin;

import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Who may change the cluster (see {@link AdminAccess}).
 *
 * @param token           the admin token {@code /add} and {@code /rm} then require from everyone;
 *                        empty: only local clients may change the cluster
 * @param backendNetworks where static backends given to {@code /add} (and {@code --backends}) may be
 * @param localPeers      peers that count as this machine besides loopback addresses: the Docker
 *                        host, when the balancer runs in a container whose port is published on
 *                        the host's loopback only
 */
public record AdminSettings(Optional<AdminToken> token, BackendNetworks backendNetworks, Set<InetAddress> localPeers) {

    public AdminSettings {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(backendNetworks, "backendNetworks");
        localPeers = Set.copyOf(localPeers);
    }

    /** No token, any backend network, loopback clients only. */
    public static AdminSettings loopbackOnly() {
        return new AdminSettings(Optional.empty(), BackendNetworks.any(), Set.of());
    }

    public AdminSettings withLocalPeers(Set<InetAddress> peers) {
        return new AdminSettings(token, backendNetworks, peers);
    }
}
