package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringlb.core.HashingConfig;
import io.ringlb.core.Algorithm;
import io.ringlb.core.RingMember;
import io.ringlb.core.RequestIds;
import io.ringlb.core.Ring;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Spec mode at N = 3 sends replicas exactly what the assignment's H and Φ imply. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpecModeIT {

    private static final List<String> NAMES = List.of("server1", "server2", "server3");
    private final Http http = new Http();
    private RinglbProcess lb;
    private Ring ring;

    @BeforeAll
    void start() throws Exception {
        lb = RinglbProcess.start("--algorithm", "spec", "--replicas", "3");
        ring = HashingConfig.defaults(Algorithm.SPEC).build(List.of(
                RingMember.of("server1", 1), RingMember.of("server2", 2), RingMember.of("server3", 3)));
    }

    @AfterAll
    void stop() throws Exception {
        lb.close();
    }

    @Test
    void eachRequestIdGoesWhereTheSlotTableSays() {
        for (int r = RequestIds.MIN; r < RequestIds.MIN + 600; r++) {
            String expected = NAMES.get(ring.lookup(r));
            assertThat(http.get(lb.url("/home"), "X-Request-Id", Integer.toString(r)).servedBy()).as("r=%d", r).isEqualTo(expected);
        }
    }

    @Test
    void randomIdsReproduceTheAssignmentsSkew() {
        int n = 3000;
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < n; i++) {
            counts.merge(http.get(lb.url("/home")).servedBy(), 1, Integer::sum);
        }
        // Exact shares over all 900,000 ids (SpecRingTest): 759,374 / 42,187 / 98,439.
        double[] expected = {759_374 / 900_000.0, 42_187 / 900_000.0, 98_439 / 900_000.0};
        for (int i = 0; i < 3; i++) {
            double share = counts.getOrDefault(NAMES.get(i), 0) / (double) n;
            assertThat(share).as(NAMES.get(i)).isBetween(expected[i] - 0.03, expected[i] + 0.03);
        }
    }
}
