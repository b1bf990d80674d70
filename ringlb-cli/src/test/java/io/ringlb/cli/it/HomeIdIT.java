package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --home-id}: replicas answer {@code /home} with their integer id, the smallest free
 * positive integer (the spec mode's ids), while {@code /rep} and {@code X-Served-By} keep names.
 */
class HomeIdIT {

    private final Http http = new Http();

    @Test
    void homeReportsEachReplicasIdAndAReplacementTakesTheFreedOne() throws Exception {
        try (RinglbProcess lb = RinglbProcess.start("--replicas", "3", "--home-id")) {
            assertThat(FailoverIT.names(http.get(lb.url("/rep")))).containsExactly("server1", "server2", "server3");
            assertThat(idsByName(lb)).isEqualTo(Map.of("server1", "1", "server2", "2", "server3", "3"));

            // /rm frees server2's id; the next replica added takes it.
            Http.Response rm = http.delete(lb.url("/rm"), "{\"n\": 1, \"hostnames\": [\"server2\"]}");
            assertThat(rm.status()).as(rm.body()).isEqualTo(200);
            Http.Response add = http.post(lb.url("/add"), "{\"n\": 2, \"hostnames\": [\"s4\"]}");
            assertThat(add.status()).as(add.body()).isEqualTo(200);
            List<String> names = FailoverIT.names(add);
            assertThat(names).startsWith("server1", "server3", "s4").hasSize(4);
            Map<String, String> ids = idsByName(lb);
            assertThat(ids).containsEntry("server1", "1").containsEntry("server3", "3").containsEntry("s4", "2")
                    .containsEntry(names.get(3), "4");

            // A replica that dies is replaced under a new name, and with its id.
            ProcessHandle.of(lb.replicaPid("server3")).orElseThrow().destroyForcibly();
            long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            List<String> after = names;
            while (System.nanoTime() < until && (after.size() != 4 || after.contains("server3"))) {
                Thread.sleep(50);
                after = FailoverIT.names(http.get(lb.url("/rep")));
            }
            assertThat(after).hasSize(4).doesNotContain("server3");
            String replacement = after.get(3);
            assertThat(idsByName(lb)).containsEntry(replacement, "3").hasSize(4);
        }
    }

    /** What {@code /home} reports, by the name of the replica that answered (X-Served-By), over every replica. */
    private Map<String, String> idsByName(RinglbProcess lb) {
        int n = FailoverIT.names(http.get(lb.url("/rep"))).size();
        Map<String, String> ids = new HashMap<>();
        for (int i = 0; i < 400 && ids.size() < n; i++) {
            Http.Response r = http.get(lb.url("/home"));
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.message()).matches("Hello from Server: \\d+");
            ids.put(r.headers().firstValue("x-served-by").orElseThrow(), r.servedBy());
        }
        assertThat(ids).hasSize(n);
        return ids;
    }
}
