package io.ringlb.docker;

import java.util.Map;

/**
 * The labels that mark a container as a replica of one ringlb cluster. The cluster label is how a
 * balancer finds its own containers again after a restart, and the only thing it trusts: it never
 * touches a container without it.
 */
public final class ContainerLabels {

    /** The cluster a replica container belongs to (the balancer's {@code --cluster}). */
    public static final String CLUSTER = "io.ringlb.cluster";
    /** The replica's name, also the container's name, hostname and network alias. */
    public static final String REPLICA = "io.ringlb.replica";
    /**
     * When the balancer asked for the replica, in microseconds since the epoch, strictly
     * increasing: containers start in parallel, so their creation times do not keep the order in
     * which replicas were added, which {@code /rep} shows and adoption restores.
     */
    public static final String ADDED = "io.ringlb.added";
    /**
     * The replica's integer id (the spec mode's i, what {@code --home-id} replicas report), which
     * it keeps when a restarted balancer adopts it.
     */
    public static final String ORDINAL = "io.ringlb.ordinal";

    private ContainerLabels() {
    }

    /** The labels of replica {@code name} of {@code cluster}, added at {@code addedMicros}, with id {@code ordinal}. */
    public static Map<String, String> of(String cluster, String name, long addedMicros, int ordinal) {
        return Map.of(CLUSTER, cluster, REPLICA, name, ADDED, Long.toString(addedMicros), ORDINAL, Integer.toString(ordinal));
    }

    /** The {@link #ADDED} label of a container's labels, or 0 when it is missing or malformed. */
    static long added(Map<String, String> labels) {
        return number(labels, ADDED, 19);
    }

    /** The {@link #ORDINAL} label of a container's labels, or 0 when it is missing or malformed. */
    static int ordinal(Map<String, String> labels) {
        return (int) number(labels, ORDINAL, 9);
    }

    private static long number(Map<String, String> labels, String key, int maxDigits) {
        String v = labels == null ? null : labels.get(key);
        if (v == null || !v.matches("\\d{1," + maxDigits + "}")) {
            return 0;
        }
        return Long.parseLong(v);
    }

    /** An engine label filter that matches every container of {@code cluster}. */
    public static Map<String, String> clusterFilter(String cluster) {
        return Map.of(CLUSTER, cluster);
    }
}
