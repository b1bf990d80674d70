package io.ringlb.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Ports;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Whether a balancer in a container can tell the Docker host's own clients by their address. A
 * port published on the host's loopback only ({@code 127.0.0.1:5000:5000}) is reached only from
 * the host, and the engine's proxy (docker-proxy) connects into the container from the host's
 * address on the container's network, its gateway. So while every binding of the port is a
 * loopback one, a connection from a gateway comes from the host, and its clients count as local
 * as loopback ones do. A binding on any other address (or all of them) lets other machines in
 * through the same proxy and the same gateway address: then nothing is trusted.
 */
final class LoopbackPublishing {

    private LoopbackPublishing() {
    }

    /** The Docker host's addresses to count as local, or none and why not. */
    record HostPeers(Set<InetAddress> addresses, String whyNone) {
        static HostPeers none(String why) {
            return new HostPeers(Set.of(), why);
        }
    }

    /**
     * The gateways of container {@code self}'s networks if {@code port} (inside it) is published,
     * and only on host loopback addresses; otherwise none.
     */
    static HostPeers hostPeers(InspectContainerResponse self, int port) {
        if (self == null) {
            return HostPeers.none("this balancer does not run in a container of the engine");
        }
        Ports ports = self.getHostConfig() == null ? null : self.getHostConfig().getPortBindings();
        Map<ExposedPort, Ports.Binding[]> bindings = ports == null ? Map.of() : ports.getBindings();
        Ports.Binding[] of = bindings.get(ExposedPort.tcp(port));
        if (of == null || of.length == 0) {
            return HostPeers.none("port " + port + " is not published on the host");
        }
        for (Ports.Binding b : of) {
            if (!isLoopback(b.getHostIp())) {
                return HostPeers.none("port " + port + " is published on " + (b.getHostIp() == null || b.getHostIp().isEmpty() ? "every host address"
                        : b.getHostIp()) + ", so the Docker host's proxy also carries other machines' clients");
            }
        }
        Set<InetAddress> gateways = new HashSet<>();
        Map<String, ContainerNetwork> networks = self.getNetworkSettings() == null ? null : self.getNetworkSettings().getNetworks();
        if (networks != null) {
            for (ContainerNetwork n : networks.values()) {
                InetAddress g = literal(n.getGateway());
                if (g != null) {
                    gateways.add(g);
                }
            }
        }
        return gateways.isEmpty() ? HostPeers.none("the container's networks report no gateway")
                : new HostPeers(Set.copyOf(gateways), null);
    }

    private static boolean isLoopback(String hostIp) {
        InetAddress a = literal(hostIp);
        return a != null && a.isLoopbackAddress();
    }

    /** {@code ip} if it is an IP literal, else null; never looks a name up. */
    private static InetAddress literal(String ip) {
        if (ip == null || ip.isEmpty() || !ip.matches("[0-9.]+|[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*")) {
            return null;
        }
        try {
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            return null;
        }
    }
}
