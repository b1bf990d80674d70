package io.ringlb.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Network;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The user-defined bridge network replicas join, where each one answers to its name. */
final class ReplicaNetwork {

    private static final Logger log = LoggerFactory.getLogger(ReplicaNetwork.class);
    /** Marks networks ringlb created, for whoever cleans up; ringlb itself never removes a network. */
    static final String CREATED_BY = "io.ringlb.created-by";

    private ReplicaNetwork() {
    }

    /**
     * Makes sure network {@code name} exists, creating a bridge network if it does not (two
     * balancers racing to create it both end up using the one that won).
     *
     * @throws DockerUnavailableException if a network of that name exists but is not one replicas can use
     */
    static void ensure(DockerClient docker, String name) {
        Network existing = find(docker, name);
        if (existing == null) {
            try {
                docker.createNetworkCmd()
                        .withName(name)
                        .withDriver("bridge")
                        .withCheckDuplicate(true)
                        .withLabels(Map.of(CREATED_BY, "ringlb"))
                        .exec();
                log.info("docker: created network {}", name);
                return;
            } catch (ConflictException e) {
                existing = find(docker, name);
                if (existing == null) {
                    throw e;
                }
            }
        }
        if (!"bridge".equals(existing.getDriver()) && !"overlay".equals(existing.getDriver())) {
            throw new DockerUnavailableException("network '" + name + "' exists with driver '" + existing.getDriver()
                    + "'; replicas need a bridge (or overlay) network: remove it or name another with --docker-network");
        }
    }

    /** The network called exactly {@code name}, or null. */
    private static Network find(DockerClient docker, String name) {
        try {
            Network n = docker.inspectNetworkCmd().withNetworkId(name).exec();
            return name.equals(n.getName()) ? n : null;
        } catch (NotFoundException e) {
            return null;
        }
    }
}
