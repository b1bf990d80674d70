package io.ringlb.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The membership record's changes, each a pure function of the record. */
class ClusterRecordTest {

    private static Member serving(String name, String owner, int ordinal) {
        return Member.starting(name, owner, ordinal, "op" + ordinal, owner, false).serving("10.0.0.1", 8000 + ordinal);
    }

    private static final ClusterRecord THREE = new ClusterRecord(3, List.of(
            serving("server1", "a", 1), serving("server2", "b", 2), serving("server3", "a", 3)));

    private static Map<String, InetSocketAddress> at(String name, int port) {
        return Map.of(name, InetSocketAddress.createUnresolved("h", port));
    }

    @Test
    void survivesJsonUnchanged() {
        ClusterRecord r = THREE.withAppended(List.of(Member.starting("s4", "b", 4, "op9", "c", true)))
                .draining(Set.of("server2@op2")).nameReleased("server2@op2");
        ClusterRecord back = ClusterRecord.parse(r.toJson());
        assertThat(back).isEqualTo(r);
        assertThat(new String(r.toJson(), StandardCharsets.UTF_8)).contains("\"state\":\"starting\"").contains("\"state\":\"serving\"")
                .contains("\"state\":\"draining\",\"host\":\"10.0.0.1\",\"port\":8002,\"op\":\"op2\",\"released\":true");
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
        assertThat(done.active("s5").port()).isEqualTo(2);
        // An answer missing, or a member gone: nothing commits.
        assertThat(started.committed("op1", at("s4", 1), 2)).isNull();
        assertThat(THREE.committed("op1", both, 2)).isNull();
    }

    @Test
    void aMemberKeepsItsIdFromStartingToDrained() {
        Member starting = Member.starting("S0", "a", 4, "k3x9", "b", false);
        Member servingMember = starting.serving("h", 1);
        Member draining = servingMember.draining();
        Member released = draining.withNameReleased();
        assertThat(List.of(starting, servingMember, draining, released)).extracting(Member::id).containsOnly("s0@k3x9");
        assertThat(servingMember.by()).as("only a starting member has a runner").isNull();
        assertThat(List.of(starting, servingMember, draining)).allMatch(Member::holdsName);
        assertThat(released.holdsName()).isFalse();
    }

    @Test
    void aRemovedNameIsTakenUntilItsOwnerReleasesItThenFreeWhileTheOldMemberDrains() {
        ClusterRecord removed = THREE.draining(Set.of("server2@op2"));
        assertThat(removed.desired()).isEqualTo(2);
        assertThat(removed.serving()).extracting(Member::name).containsExactly("server1", "server3");
        assertThat(removed.active("server2")).as("no starting or serving server2").isNull();
        assertThat(removed.taken("SERVER2")).as("held until its owner releases it").isTrue();

        ClusterRecord released = removed.nameReleased("server2@op2");
        assertThat(released.taken("server2")).isFalse();
        assertThat(released.member("server2@op2").is(Member.State.DRAINING)).as("it still drains").isTrue();

        // The new server2, added and committed beside the draining one: each found by its id.
        ClusterRecord again = released.withAppended(List.of(Member.starting("server2", "c", 2, "op7", "a", false)))
                .committed("op7", at("server2", 9), 1);
        assertThat(again.replicas()).extracting(Member::id).containsExactly("server1@op1", "server2@op2", "server3@op3", "server2@op7");
        assertThat(again.serving()).extracting(Member::id).containsExactly("server1@op1", "server3@op3", "server2@op7");
        assertThat(again.active("server2").owner()).isEqualTo("c");
        assertThat(again.member("server2@op2").port()).as("the old one keeps its address while it drains").isEqualTo(8002);
        assertThat(again.taken("server2")).isTrue();
        assertThat(again.desired()).isEqualTo(3);

        // Removing the new one, and the old one leaving once drained, touch only the member each names.
        ClusterRecord both = again.draining(Set.of("server2@op7"));
        assertThat(both.replicas()).filteredOn(m -> m.is(Member.State.DRAINING)).extracting(Member::id)
                .containsExactly("server2@op2", "server2@op7");
        assertThat(both.taken("server2")).as("the second removal holds it again").isTrue();
        ClusterRecord oldGone = both.without(m -> m.id().equals("server2@op2"), 0);
        assertThat(oldGone.replicas()).extracting(Member::id).containsExactly("server1@op1", "server3@op3", "server2@op7");
        assertThat(oldGone.member("server2@op7").released()).isFalse();
    }

    @Test
    void drainingAndReleasingChangeOnlyTheMembersTheyMayChange() {
        assertThat(THREE.draining(Set.of("server2@other", "nobody")).desired()).as("unknown ids lower nothing").isEqualTo(3);
        ClusterRecord removed = THREE.draining(Set.of("server2@op2"));
        assertThat(removed.draining(Set.of("server2@op2")).desired()).as("a draining member does not drain twice").isEqualTo(2);
        assertThat(THREE.nameReleased("server2@op2")).as("a serving member keeps its name").isSameAs(THREE);
        ClusterRecord released = removed.nameReleased("server2@op2");
        assertThat(released.nameReleased("server2@op2")).isSameAs(released);
        assertThat(released.nameReleased("gone@op9")).isSameAs(released);
    }

    @Test
    void replicaIdsAreTheSmallestFreeIgnoringDrainingMembers() {
        ClusterRecord r = THREE.draining(Set.of("server2@op2"));
        assertThat(r.freeOrdinals(2)).containsExactly(2, 4);
    }

    @Test
    void countedIsServingPlusReplacementsStarting() {
        ClusterRecord r = THREE.draining(Set.of("server2@op2")).withAppended(List.of(
                Member.starting("r1", "a", 2, "op1", "a", true), Member.starting("x1", "a", 4, "op2", "b", false)));
        assertThat(r.counted()).isEqualTo(3);
    }

    @Test
    void theRingVersionMovesOnlyWhenTheServingMembersChange() {
        ClusterRecord starting = THREE.withAppended(List.of(Member.starting("s4", "a", 4, "op4", "a", false))).after(THREE, 40);
        assertThat(starting.ringVersion(41)).as("a starting member does not change the ring").isEqualTo(40);
        ClusterRecord committed = starting.committed("op4", at("s4", 1), 1).after(starting, 41);
        assertThat(committed.ringVersion(42)).isEqualTo(42);
        ClusterRecord draining = committed.draining(Set.of("s4@op4")).after(committed, 42);
        assertThat(draining.ringVersion(43)).isEqualTo(43);
        ClusterRecord released = draining.nameReleased("s4@op4").after(draining, 43);
        assertThat(released.ringVersion(44)).as("a name released does not change the ring").isEqualTo(43);
        ClusterRecord gone = released.without(m -> m.id().equals("s4@op4"), 0).after(released, 44);
        assertThat(gone.ringVersion(45)).as("a drained member leaving does not change the ring").isEqualTo(43);
        assertThat(ClusterRecord.parse(gone.toJson()).ringVersion(45)).isEqualTo(43);
    }

    @Test
    void withoutChangingAnythingIsTheSameRecord() {
        assertThat(THREE.without(m -> m.owner().equals("nobody"), 0)).isSameAs(THREE);
    }

    @Test
    void aRecordAnOlderRinglbWroteReadsAsItMeant() {
        // An older ringlb cleared "op" when a member began serving, and never wrote "released".
        String older = "{\"desired\":2,\"replicas\":["
                + "{\"name\":\"server1\",\"owner\":\"a\",\"ordinal\":1,\"state\":\"serving\",\"host\":\"h\",\"port\":1},"
                + "{\"name\":\"server2\",\"owner\":\"b\",\"ordinal\":2,\"state\":\"draining\",\"host\":\"h\",\"port\":2}]}";
        ClusterRecord r = ClusterRecord.parse(older.getBytes(StandardCharsets.UTF_8));
        assertThat(r.replicas()).extracting(Member::id).containsExactly("server1", "server2");
        assertThat(r.taken("server2")).as("its draining member keeps its name, as that version expects").isTrue();
        assertThat(r.draining(Set.of("server1")).member("server1").is(Member.State.DRAINING)).isTrue();
    }

    /** The members' fields as the first cluster mode knew them. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record FirstMember(@JsonProperty("name") String name, @JsonProperty("owner") String owner, @JsonProperty("ordinal") int ordinal,
                       @JsonProperty("state") String state, @JsonProperty("host") String host, @JsonProperty("port") int port,
                       @JsonProperty("op") String op, @JsonProperty("by") String by, @JsonProperty("replacement") boolean replacement) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FirstRecord(@JsonProperty("desired") int desired, @JsonProperty("replicas") List<FirstMember> replicas) {
    }

    @Test
    void anOlderRinglbReadsTheRecordItKnewWithTheNewFieldsLeftOut() throws Exception {
        ClusterRecord r = THREE.draining(Set.of("server2@op2")).nameReleased("server2@op2")
                .withAppended(List.of(Member.starting("server2", "a", 2, "op8", "c", false)));
        FirstRecord seen = ClusterRecord.JSON.readValue(r.toJson(), FirstRecord.class);
        assertThat(seen.desired()).isEqualTo(2);
        assertThat(seen.replicas()).extracting(FirstMember::name, FirstMember::state, FirstMember::op)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("server1", "serving", "op1"),
                        org.assertj.core.groups.Tuple.tuple("server2", "draining", "op2"),
                        org.assertj.core.groups.Tuple.tuple("server3", "serving", "op3"),
                        org.assertj.core.groups.Tuple.tuple("server2", "starting", "op8"));
    }

    @Test
    void newReplicasGoToTheLiveInstancesWithTheFewest() {
        ClusterRecord r = THREE.withAppended(List.of(Member.starting("x", "a", 4, "op", "a", false)));
        // a holds 3, b holds 1, c none; d is not live and is ignored.
        assertThat(Placement.owners(r, List.of("a", "b", "c"), 4)).containsExactly("c", "b", "c", "b");
        assertThat(Placement.owners(THREE.draining(Set.of("server1@op1", "server3@op3")), List.of("a", "b"), 2))
                .as("draining members do not count").containsExactly("a", "a");
    }
}
