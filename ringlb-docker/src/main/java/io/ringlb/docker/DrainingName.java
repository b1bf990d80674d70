package io.ringlb.docker;

/**
 * The container name a removed replica drains under, {@code NAME-draining-ID12}: container names
 * are global on an engine, and the replica's own name must be free at once for a new replica
 * (CONTRACT.md: {@code /rm} of {@code S0} then {@code /add} of {@code S0} succeeds). The name keeps
 * the replica's for people reading {@code docker ps}, and the container id's first 12 digits make
 * it unique; the container's labels, hostname and network alias stay as they were.
 */
final class DrainingName {

    private DrainingName() {
    }

    /** The draining name of replica {@code name} in container {@code containerId}. */
    static String of(String name, String containerId) {
        return prefix(name) + containerId.substring(0, Math.min(12, containerId.length()));
    }

    /** What every draining name of replica {@code name} starts with. */
    static String prefix(String name) {
        return name + "-draining-";
    }
}
