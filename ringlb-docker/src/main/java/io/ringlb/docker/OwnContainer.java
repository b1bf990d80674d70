package io.ringlb.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds the container this JVM runs in, as the engine knows it, if it runs in one. */
final class OwnContainer {

    /** Docker bind-mounts each container's hostname file from {@code .../containers/<64-hex id>/hostname}. */
    private static final Pattern MOUNTED_ID = Pattern.compile("/containers/([0-9a-f]{64})/hostname");

    private OwnContainer() {
    }

    /**
     * The engine's view of the container running this JVM, or null when this JVM is not in a
     * container of that engine.
     */
    static InspectContainerResponse find(DockerClient docker) {
        if (!Files.exists(Path.of("/.dockerenv"))) {
            return null;
        }
        for (String candidate : candidates()) {
            try {
                return docker.inspectContainerCmd(candidate).exec();
            } catch (NotFoundException e) {
                // Not this one: the next candidate, or not a container of this engine.
            }
        }
        return null;
    }

    /** Ids the container may go by: the one in its mount table, then its hostname (Docker's default is the short id). */
    private static List<String> candidates() {
        List<String> ids = new ArrayList<>();
        try {
            String id = mountedId(Files.readString(Path.of("/proc/self/mountinfo")));
            if (id != null) {
                ids.add(id);
            }
        } catch (IOException | RuntimeException e) {
            // No mount table to read: the hostname remains.
        }
        try {
            ids.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // No hostname either: not found.
        }
        return ids;
    }

    /** The container id in a {@code /proc/self/mountinfo} text, or null. */
    static String mountedId(String mountinfo) {
        Matcher m = MOUNTED_ID.matcher(mountinfo);
        return m.find() ? m.group(1) : null;
    }
}
