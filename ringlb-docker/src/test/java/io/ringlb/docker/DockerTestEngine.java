package io.ringlb.docker;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * The Docker engine the integration tests run against. In CI ({@code CI=true}) a missing engine
 * fails the tests; elsewhere they skip, with a banner on stderr. A missing replica image fails
 * them everywhere: {@code scripts/test.sh} builds it.
 */
final class DockerTestEngine {

    static final String HOST = DockerSettings.defaultDockerHost();
    static final String IMAGE = System.getProperty("ringlb.replica.image", DockerSettings.DEFAULT_IMAGE);

    private DockerTestEngine() {
    }

    /** A client of a reachable engine that has the replica image, or the test is skipped or failed. */
    static DockerClient connect() {
        DockerClient docker = EngineClients.commands(HOST, Duration.ofSeconds(90));
        try {
            docker.pingCmd().exec();
        } catch (RuntimeException e) {
            close(docker);
            String why = "no Docker engine answers at " + HOST + " (" + e.getMessage() + ")";
            if ("true".equals(System.getenv("CI"))) {
                fail(why + ": CI must run the docker tests; scripts/docker-engine.sh installs and starts an engine");
            }
            System.err.println("\n************************************************************************\n"
                    + "*  SKIPPING the docker provisioner's integration tests: " + why + "\n"
                    + "*  Start an engine (sudo scripts/docker-engine.sh) to run them.\n"
                    + "************************************************************************\n");
            Assumptions.abort(why);
        }
        try {
            docker.inspectImageCmd(IMAGE).exec();
        } catch (NotFoundException e) {
            close(docker);
            fail("image " + IMAGE + " is not on the engine: build it with scripts/docker-images.sh (scripts/test.sh does)");
        }
        return docker;
    }

    static void close(DockerClient docker) {
        try {
            docker.close();
        } catch (IOException e) {
            // Nothing left to release.
        }
    }
}
