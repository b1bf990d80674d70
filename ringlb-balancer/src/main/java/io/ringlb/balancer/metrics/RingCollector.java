package io.ringlb.balancer.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.ringlb.balancer.cluster.Replica;
import io.ringlb.core.RoutingTable;
import java.util.ArrayList;
import java.util.List;

/** The ring as published now: its version, its size, and each replica's health and exact share. */
final class RingCollector implements MultiCollector {

    private final RingShares shares;

    RingCollector(RingShares shares) {
        this.shares = shares;
    }

    @Override
    public MetricSnapshots collect() {
        RingShares.Snapshot s = shares.current();
        RoutingTable<Replica> table = s.state().table();
        List<MetricSnapshot> out = new ArrayList<>();
        new Families.Gauges("ringlb_ring_version",
                "The routing table's version: bumped on every published membership change (in etcd mode, the etcd revision)")
                .add(s.state().version()).into(out);
        new Families.Gauges("ringlb_replicas", "Replicas in the ring").add(table.size()).into(out);
        Families.Gauges up = new Families.Gauges("ringlb_replica_up",
                "1 for a replica in the ring, 0 for a registered one out of it for failing heartbeats (static backends)");
        Families.Gauges share = new Families.Gauges("ringlb_replica_ring_share",
                "The exact fraction of the key space the replica owns in the ring");
        for (int i = 0; i < table.size(); i++) {
            String name = table.member(i).name();
            up.add(1, "replica", name);
            share.add(s.shares()[i], "replica", name);
        }
        for (String name : s.state().view().unhealthy()) {
            up.add(0, "replica", name);
        }
        up.into(out);
        share.into(out);
        return new MetricSnapshots(out);
    }
}
