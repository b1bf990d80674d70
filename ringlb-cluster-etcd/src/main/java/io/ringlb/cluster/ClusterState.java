package io.ringlb.cluster;

import io.ringlb.cluster.etcd.EtcdStore;
import io.ringlb.cluster.etcd.KeyValue;
import io.ringlb.cluster.etcd.StoreEvent;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster as this instance last saw it in etcd: built from a range read, then kept up by the
 * watch's events, in revision order. Every instance that applied the same revisions holds the
 * same state, so they build the same ring and agree on the leader. Control thread only.
 */
final class ClusterState {

    private static final Logger log = LoggerFactory.getLogger(ClusterState.class);

    private final ClusterKeys keys;
    private ClusterRecord record = ClusterRecord.EMPTY;
    /** The membership key's modification revision; 0 while it does not exist. */
    private long recordRevision;
    /** Live instances: name to the creation revision of its key. */
    private final Map<String, Long> instances = new TreeMap<>();
    /** Live instances: name to the {@link InstanceInfo#protocol()} it published. */
    private final Map<String, Integer> protocols = new HashMap<>();
    /** Launch answers: operation to replica key to result. */
    private final Map<String, Map<String, LaunchResult>> launches = new HashMap<>();
    /** Drain acknowledgements: member id to the instances done with it. */
    private final Map<String, Set<String>> drained = new HashMap<>();
    /** How the cluster routes (the {@code routing} key), or null before it exists. */
    private String routing;
    /** The last revision applied. */
    private long revision;
    /** The revision of the last range read: the watch may repeat events up to it, never after. */
    private long snapshotRevision;

    ClusterState(ClusterKeys keys) {
        this.keys = keys;
    }

    /** Replaces everything with a range read of the cluster's prefix. */
    void reset(EtcdStore.Snapshot snapshot) {
        record = ClusterRecord.EMPTY;
        recordRevision = 0;
        routing = null;
        instances.clear();
        protocols.clear();
        launches.clear();
        drained.clear();
        for (KeyValue kv : snapshot.kvs()) {
            put(kv);
        }
        revision = snapshot.revision();
        snapshotRevision = revision;
    }

    /** Applies watched events (in revision order). */
    void apply(List<StoreEvent> events) {
        for (StoreEvent e : events) {
            if (e.kv().modRevision() <= snapshotRevision) {
                continue; // already in the range read (one revision may hold several events: compare with the read, not the last event)
            }
            if (e.deleted()) {
                delete(e.kv().key());
            } else {
                put(e.kv());
            }
            revision = e.kv().modRevision();
        }
    }

    private void put(KeyValue kv) {
        String k = kv.key();
        if (k.equals(keys.members)) {
            try {
                record = ClusterRecord.parse(kv.value());
                recordRevision = kv.modRevision();
            } catch (IllegalStateException e) {
                log.error("cluster: ignoring a membership record at revision {}: {}", kv.modRevision(), e.getMessage());
            }
        } else if (k.equals(keys.routing)) {
            routing = kv.valueString();
        } else if (k.startsWith(keys.instances)) {
            String name = k.substring(keys.instances.length());
            instances.put(name, kv.createRevision());
            InstanceInfo info = InstanceInfo.parse(kv.value());
            protocols.put(name, info == null ? InstanceInfo.FIRST_PROTOCOL : info.protocol());
        } else if (k.startsWith(keys.launch)) {
            String[] parts = k.substring(keys.launch.length()).split("/", 2);
            if (parts.length == 2) {
                launches.computeIfAbsent(parts[0], x -> new HashMap<>()).put(parts[1], LaunchResult.parse(kv.value()));
            }
        } else if (k.startsWith(keys.drained)) {
            String[] parts = k.substring(keys.drained.length()).split("/", 2);
            if (parts.length == 2) {
                drained.computeIfAbsent(parts[0], x -> new HashSet<>()).add(parts[1]);
            }
        }
    }

    private void delete(String k) {
        if (k.equals(keys.members)) {
            record = ClusterRecord.EMPTY;
            recordRevision = 0;
        } else if (k.startsWith(keys.instances)) {
            instances.remove(k.substring(keys.instances.length()));
            protocols.remove(k.substring(keys.instances.length()));
        } else if (k.startsWith(keys.launch)) {
            String[] parts = k.substring(keys.launch.length()).split("/", 2);
            Map<String, LaunchResult> op = parts.length == 2 ? launches.get(parts[0]) : null;
            if (op != null) {
                op.remove(parts[1]);
                if (op.isEmpty()) {
                    launches.remove(parts[0]);
                }
            }
        } else if (k.startsWith(keys.drained)) {
            String[] parts = k.substring(keys.drained.length()).split("/", 2);
            Set<String> acks = parts.length == 2 ? drained.get(parts[0]) : null;
            if (acks != null) {
                acks.remove(parts[1]);
                if (acks.isEmpty()) {
                    drained.remove(parts[0]);
                }
            }
        }
    }

    ClusterRecord record() {
        return record;
    }

    /** How the cluster routes, as its first instance wrote it; null if not written. */
    String routing() {
        return routing;
    }

    long recordRevision() {
        return recordRevision;
    }

    /** The version of the ring the record makes: the revision at which its serving members last changed. */
    long ringVersion() {
        return record.ringVersion(recordRevision);
    }

    long revision() {
        return revision;
    }

    Set<String> live() {
        return instances.keySet();
    }

    boolean isLive(String instance) {
        return instances.containsKey(instance);
    }

    /**
     * Whether {@code instance} is live and releases the names of its draining replicas
     * ({@link Member#released()}); an instance of an older ringlb does not, and keeps them
     * until they are gone.
     */
    boolean releasesNames(String instance) {
        return protocols.getOrDefault(instance, InstanceInfo.FIRST_PROTOCOL) >= InstanceInfo.NAMES_RELEASED;
    }

    /** Whether every live instance releases names ({@link #releasesNames}): none runs an older ringlb. */
    boolean allReleaseNames() {
        return instances.keySet().stream().allMatch(this::releasesNames);
    }

    long createRevision(String instance) {
        return instances.getOrDefault(instance, 0L);
    }

    /** The live instance whose key is oldest (lowest creation revision), or null if none. */
    String leader() {
        String best = null;
        long bestRev = Long.MAX_VALUE;
        for (Map.Entry<String, Long> e : instances.entrySet()) {
            if (e.getValue() < bestRev) {
                best = e.getKey();
                bestRev = e.getValue();
            }
        }
        return best;
    }

    /** The launch answers of operation {@code op} so far (replica key to result). */
    Map<String, LaunchResult> launches(String op) {
        return launches.getOrDefault(op, Map.of());
    }

    Set<String> launchOps() {
        return launches.keySet();
    }

    /** The instances that acknowledged draining member {@code memberId} ({@link Member#id()}). */
    Set<String> drainedBy(String memberId) {
        return drained.getOrDefault(memberId, Set.of());
    }

    /** The member ids with drain acknowledgements. */
    Set<String> drainedMembers() {
        return drained.keySet();
    }
}
