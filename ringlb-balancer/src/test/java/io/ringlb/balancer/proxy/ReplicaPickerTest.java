package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.provision.ProvisionedReplica;
import io.ringlb.core.Algorithm;
import io.ringlb.core.HashingConfig;
import io.ringlb.core.RoutingTable;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ReplicaPickerTest {

    static List<Replica> replicas(int n) {
        List<Replica> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(new Replica(new ProvisionedReplica("r" + i, new InetSocketAddress("127.0.0.1", 1000 + i), "id" + i,
                    new CompletableFuture<>()), i));
        }
        return list;
    }

    private static RoutingTable<Replica> table(List<Replica> replicas) {
        return RoutingTable.build(HashingConfig.defaults(Algorithm.RING), replicas, Replica::ringMember);
    }

    @Test
    void withoutRetriesOrBoundsItIsTheRingOwner() {
        RoutingTable<Replica> t = table(replicas(3));
        ReplicaPicker p = new ReplicaPicker(0);
        for (long key = 0; key < 1000; key++) {
            assertThat(p.pick(t, key * 7919, null, 0)).isSameAs(t.route(key * 7919));
        }
    }

    @Test
    void retriesSkipTriedReplicas() {
        RoutingTable<Replica> t = table(replicas(3));
        ReplicaPicker p = new ReplicaPicker(0);
        Replica first = p.pick(t, 42, null, 0);
        Replica[] tried = {first, null};
        Replica second = p.pick(t, 42, tried, 1);
        assertThat(second).isNotNull().isNotSameAs(first);
        tried[1] = second;
        Replica third = p.pick(t, 42, tried, 2);
        assertThat(third).isNotNull().isNotIn(first, second);
        assertThat(p.pick(t, 42, new Replica[] {first, second, third}, 3)).isNull();
    }

    @Test
    void boundedLoadsSpillAHotKeyOverCapacity() {
        List<Replica> rs = replicas(4);
        RoutingTable<Replica> t = table(rs);
        ReplicaPicker p = new ReplicaPicker(1.25);
        Random rnd = new Random(1);
        int total = 0;
        for (int i = 0; i < 400; i++) {
            long key = rnd.nextInt(4) == 0 ? rnd.nextLong() : 99L; // three in four requests share a key
            Replica r = p.pick(t, key, null, 0);
            r.requestStarted(); // never finished: loads only grow
            total++;
            for (Replica x : rs) {
                assertThat((double) x.inFlight()).isLessThanOrEqualTo(Math.ceil(1.25 * total / 4));
            }
        }
    }
}
