package io.ringlb.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Kills a replica's container from outside the balancer, as {@code docker kill NAME} does (the
 * container's name is the replica's name): for experiments that fail a replica on purpose, such
 * as the analysis' A-3. The balancer then heals it like any failure.
 */
public final class ReplicaKiller implements AutoCloseable {

    private final DockerClient docker;

    /** @param dockerHost the engine, such as {@link DockerSettings#defaultDockerHost()} */
    public ReplicaKiller(String dockerHost) {
        this.docker = EngineClients.commands(dockerHost, Duration.ofSeconds(30));
        EngineClients.ping(docker, dockerHost);
    }

    /**
     * Sends SIGKILL to the container of replica {@code name}.
     *
     * @throws IllegalArgumentException if no running container has that name
     */
    public void kill(String name) {
        try {
            docker.killContainerCmd(name).exec();
        } catch (NotFoundException e) {
            throw new IllegalArgumentException("no container named '" + name + "' on the Docker engine", e);
        } catch (ConflictException e) {
            throw new IllegalArgumentException("container '" + name + "' is not running", e);
        }
    }

    @Override
    public void close() {
        try {
            docker.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
