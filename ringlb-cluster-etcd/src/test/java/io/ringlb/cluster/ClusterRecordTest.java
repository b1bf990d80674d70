package io.ringlb.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The membership record's changes, each a pure function of the record. */
class ClusterRecordTest {

    private static Member serving(String name, String owner, int ordinal) {
        return Member.starting(name, owner, ordinal, "op0", owner, false).serving("10.0.0.1", 8000 + ordinal);
    }

    private static final ClusterRecord THREE = new ClusterRecord(3, List.of(
            serving("server1", "a", 1), serving("server2", "b", 2), serving("server3", "a", 3)));

    @Test
    void survivesJsonUnchanged() {
        ClusterRecord r = THREE.withAppended(List.of(Member.starting("s4", "b", 4, "op1", "c", true)));
        ClusterRecord back = ClusterRecord.parse(r.toJson());
        assertThat(back).isEqualTo(r);
        assertThat(new String(r.toJson())).contains("\"state\":\"starting\"").contains("\"state\":\"serving\"");
    }

    @Test
    void anAddCommitsAllItsMembersAtOnceOrNotAtAll() {
        ClusterRecord started = THREE.withAppended(List.of(
                Member.starting("s4", "a", 4, "op1", "c", false), Member.starting("s5", "b", 5, "op1", "c", false)));
        assertThat(started.serving()).hasSize(3);
        Map<String, InetSocketAddress> both = Map.of("s4", InetSocketAddress.createUnresolved("h", 1),
                "s5", InetSocketAddress.createUnresolved("h", 2));
        ClusterRecord done = started.committed("op1", both, 2);
        assertThat(done.serving()).extracting(Member::name).containsExactly("server1", "server2", "server3", "s4", "s5");
        assertThat(done.desired()).isEqualTo(5);
        assertThat(done.get("s5").port()).isEqualTo(2);
        // An answer missing, or a member gone: nothing commits.
        assertThat(started.committed("op1", Map.of("s4", InetSocketAddress.createUnresolved("h", 1)), 2)).isNull();
        assertThat(THREE.committed("op1", both, 2)).isNull();
    }

    @Test
    void replicaIdsAreTheSmallestFreeIgnoringDrainingMembers() {
        ClusterRecord r = THREE.draining(Set.of("server2"));
        assertThat(r.desired()).isEqualTo(2);
        assertThat(r.serving()).extracting(Member::name).containsExactly("server1", "server3");
        assertThat(r.freeOrdinals(2)).containsExactly(2, 4);
        assertThat(r.taken("SERVER2")).as("a draining name is still taken").isTrue();
    }

    @Test
    void countedIsServingPlusReplacementsStarting() {
        ClusterRecord r = THREE.draining(Set.of("server2")).withAppended(List.of(
                Member.starting("r1", "a", 2, "op1", "a", true), Member.starting("x1", "a", 4, "op2", "b", false)));
        assertThat(r.counted()).isEqualTo(3);
    }

    @Test
    void theRingVersionMovesOnlyWhenTheServingMembersChange() {
        ClusterRecord starting = THREE.withAppended(List.of(Member.starting("s4", "a", 4, "op1", "a", false))).after(THREE, 40);
        assertThat(starting.ringVersion(41)).as("a starting member does not change the ring").isEqualTo(40);
        ClusterRecord committed = starting.committed("op1", Map.of("s4", InetSocketAddress.createUnresolved("h", 1)), 1)
                .after(starting, 41);
        assertThat(committed.ringVersion(42)).isEqualTo(42);
        ClusterRecord draining = committed.draining(Set.of("s4")).after(committed, 42);
        assertThat(draining.ringVersion(43)).isEqualTo(43);
        ClusterRecord gone = draining.without(m -> m.name().equals("s4"), 0).after(draining, 43);
        assertThat(gone.ringVersion(44)).as("a drained member leaving does not change the ring").isEqualTo(43);
        assertThat(ClusterRecord.parse(gone.toJson()).ringVersion(44)).isEqualTo(43);
    }

    @Test
    void withoutChangingAnythingIsTheSameRecord() {
        assertThat(THREE.without(m -> m.owner().equals("nobody"), 0)).isSameAs(THREE);
    }

    @Test
    void newReplicasGoToTheLiveInstancesWithTheFewest() {
        ClusterRecord r = THREE.withAppended(List.of(Member.starting("x", "a", 4, "op", "a", false)));
        // a holds 3, b holds 1, c none; d is not live and is ignored.
        assertThat(Placement.owners(r, List.of("a", "b", "c"), 4)).containsExactly("c", "b", "c", "b");
        assertThat(Placement.owners(THREE.draining(Set.of("server1", "server3")), List.of("a", "b"), 2))
                .as("draining members do not count").containsExactly("a", "a");
    }
}
