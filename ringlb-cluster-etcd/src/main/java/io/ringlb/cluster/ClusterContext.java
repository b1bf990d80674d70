package io.ringlb.cluster;

import io.ringlb.cluster.etcd.EtcdStore;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the parts of cluster mode share: the store, where keys live, the watched state, the
 * record writer, this instance's name and the control thread everything runs on.
 */
record ClusterContext(EtcdStore store, ClusterKeys keys, ClusterState state, RecordWriter writer, String me,
                      ScheduledExecutorService control) {
}
