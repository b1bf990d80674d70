package io.ringlb.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Map;

/** Where the balancer reaches a running replica container, read from the engine's inspect data. */
final class ContainerAddress {

    /** The port replicas listen on inside their container. */
    static final int REPLICA_PORT = 8080;
    static final ExposedPort EXPOSED = ExposedPort.tcp(REPLICA_PORT);
    /** Published ports bind to this host address only: replicas are never reachable from outside the host. */
    static final String HOST_IP = "127.0.0.1";

    private ContainerAddress() {
    }

    /**
     * The address of replica {@code name} in container {@code c}: for {@link Reach#NETWORK} the
     * container's own address on {@code network} (the address its name resolves to there), port
     * 8080; for {@link Reach#PUBLISHED} the port the engine published on 127.0.0.1. The address
     * carries the replica's name as its host name.
     *
     * @throws IllegalStateException if the container has no such address (not on the network, or
     *                               nothing published on 127.0.0.1)
     */
    static InetSocketAddress of(InspectContainerResponse c, Reach reach, String network, String name) {
        if (reach == Reach.NETWORK) {
            Map<String, ContainerNetwork> networks = c.getNetworkSettings() == null ? null : c.getNetworkSettings().getNetworks();
            ContainerNetwork on = networks == null ? null : networks.get(network);
            if (on == null || on.getIpAddress() == null || on.getIpAddress().isEmpty()) {
                throw new IllegalStateException("container " + name + " has no address on network " + network);
            }
            return new InetSocketAddress(named(name, on.getIpAddress()), REPLICA_PORT);
        }
        if (reach != Reach.PUBLISHED) {
            throw new IllegalArgumentException("resolve " + reach + " first");
        }
        Ports ports = c.getNetworkSettings() == null ? null : c.getNetworkSettings().getPorts();
        Ports.Binding[] bindings = ports == null ? null : ports.getBindings().get(EXPOSED);
        if (bindings != null) {
            for (Ports.Binding b : bindings) {
                if (HOST_IP.equals(b.getHostIp()) && b.getHostPortSpec() != null && b.getHostPortSpec().matches("\\d{1,5}")) {
                    return new InetSocketAddress(named(name, HOST_IP), Integer.parseInt(b.getHostPortSpec()));
                }
            }
        }
        throw new IllegalStateException("container " + name + " publishes no port on " + HOST_IP + " for " + REPLICA_PORT
                + "/tcp (it was not started by a balancer on the host)");
    }

    /** The IP literal {@code ip}, labelled with {@code name}; no name lookup happens. */
    private static InetAddress named(String name, String ip) {
        try {
            return InetAddress.getByAddress(name, InetAddress.getByName(ip).getAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException("container " + name + ": '" + ip + "' is not an IP address", e);
        }
    }
}
