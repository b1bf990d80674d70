package io.ringlb.cluster;

import io.ringlb.cluster.etcd.EtcdSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Cluster mode's settings.
 *
 * @param etcd          how to reach etcd
 * @param cluster       the cluster's name: its keys live under {@code /ringlb/<cluster>/}
 * @param instance      this balancer's name in the cluster, unique among live instances
 * @param leaseTtl      how long an instance that stops renewing its lease (it died, or lost
 *                      etcd) stays a member; also the longest a dead leader goes unreplaced
 * @param advertiseHost the host other instances reach this instance's replicas at, or null for
 *                      the address the provisioner reports
 * @param port          the port this instance was told to listen on (published for people and tools)
 */
public record ClusterSettings(EtcdSettings etcd, String cluster, String instance, Duration leaseTtl, String advertiseHost,
                              int port) {

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

    /** @throws IllegalArgumentException saying which value cannot work */
    public ClusterSettings {
        Objects.requireNonNull(etcd, "etcd");
        check(cluster, "cluster name");
        check(instance, "instance name");
        if (leaseTtl == null || leaseTtl.toMillis() < 2000 || leaseTtl.toSeconds() > 600 || leaseTtl.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("the lease TTL must be whole seconds, 2-600 s (etcd's minimum is 2 s with its default timings), got " + leaseTtl);
        }
        if (advertiseHost != null && advertiseHost.isBlank()) {
            advertiseHost = null;
        }
    }

    private static void check(String value, String what) {
        if (value == null || !NAME.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' must be 1-128 letters, digits, '_', '.' or '-', "
                    + "starting with a letter or digit");
        }
    }
}
