package io.ringlb.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;
import java.time.Duration;

/** Docker Engine API clients over the engine's own socket (docker-java with its dependency-free transport). */
public final class EngineClients {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private EngineClients() {
    }

    /**
     * A client for short calls: each response must start within {@code responseTimeout}, so a
     * stuck engine fails a call instead of hanging it.
     */
    public static DockerClient commands(String dockerHost, Duration responseTimeout) {
        return open(dockerHost, responseTimeout);
    }

    /** A client for the event stream, which stays silent for as long as nothing happens. */
    static DockerClient events(String dockerHost) {
        return open(dockerHost, null);
    }

    /**
     * Checks that an engine answers at {@code dockerHost}.
     *
     * @throws DockerUnavailableException saying how to get one when none does
     */
    public static void ping(DockerClient docker, String dockerHost) {
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            throw new DockerUnavailableException("no Docker engine answers at " + dockerHost + " (" + e.getMessage()
                    + "); start one (scripts/docker-engine.sh does, as root) or point --docker-host or DOCKER_HOST at it", e);
        }
    }

    private static DockerClient open(String dockerHost, Duration responseTimeout) {
        DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(dockerHost)
                .build();
        ZerodepDockerHttpClient.Builder http = new ZerodepDockerHttpClient.Builder()
                .dockerHost(config.getDockerHost())
                .sslConfig(config.getSSLConfig())
                .maxConnections(32)
                .connectionTimeout(CONNECT_TIMEOUT);
        if (responseTimeout != null) {
            http.responseTimeout(responseTimeout);
        }
        return DockerClientImpl.getInstance(config, http.build());
    }
}
