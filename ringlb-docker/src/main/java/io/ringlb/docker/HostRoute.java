package io.ringlb.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.List;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a balancer running on the engine's host can reach a network's containers at their own
 * addresses. On Linux a bridge network's gateway is an address of a bridge interface of the host
 * itself ({@code br-...}), which routes to every container on it; with Docker Desktop, a remote
 * engine or rootless Docker, the bridge lives elsewhere and its gateway is none of ours.
 */
final class HostRoute {

    private static final Logger log = LoggerFactory.getLogger(HostRoute.class);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private HostRoute() {
    }

    /** Whether one of {@code network}'s gateways is an address of this host's interfaces. */
    static boolean reaches(DockerClient docker, String network) {
        Network n;
        try {
            n = docker.inspectNetworkCmd().withNetworkId(network).exec();
        } catch (NotFoundException e) {
            return false;
        }
        if (!"bridge".equals(n.getDriver()) || n.getIpam() == null || n.getIpam().getConfig() == null) {
            return false;
        }
        List<String> gateways = n.getIpam().getConfig().stream()
                .map(Network.Ipam.Config::getGateway)
                .filter(g -> g != null && !g.isEmpty())
                .toList();
        for (String gateway : gateways) {
            if (isLocal(gateway)) {
                return true;
            }
        }
        log.debug("docker: network {}'s gateways {} are not addresses of this host", network, gateways);
        return false;
    }

    /** Whether {@code ip}, an IP literal, belongs to one of this host's interfaces; anything else is not (and is never looked up). */
    static boolean isLocal(String ip) {
        if (!IPV4.matcher(ip).matches() && !ip.contains(":")) {
            return false;
        }
        try {
            return NetworkInterface.getByInetAddress(InetAddress.getByName(ip)) != null;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }
}
