package io.ringlb.analysis.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringlb.analysis.AlgorithmSetup;
import io.ringlb.analysis.AnalysisOptions;
import io.ringlb.analysis.AnalysisResults;
import io.ringlb.analysis.Experiment;
import io.ringlb.analysis.experiments.ClusterAgreement;
import io.ringlb.analysis.experiments.ClusterResult;
import io.ringlb.analysis.experiments.Distribution;
import io.ringlb.analysis.experiments.LeaderKill;
import io.ringlb.analysis.experiments.EndpointTour;
import io.ringlb.analysis.experiments.Failover;
import io.ringlb.analysis.experiments.SetupResult;
import io.ringlb.analysis.load.RateSeries;
import java.util.Map;

/** Every number of an analysis as JSON ({@code results.json}), for scripts and for tests. */
final class ResultsJson {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultsJson() {
    }

    static String render(AnalysisResults r) throws com.fasterxml.jackson.core.JsonProcessingException {
        ObjectNode root = JSON.createObjectNode();
        root.set("options", options(r.options()));
        ArrayNode setups = root.putArray("setups");
        for (SetupResult s : r.setups()) {
            ObjectNode node = setups.addObject().put("label", s.label()).put("description", s.description());
            if (s.a1() != null) {
                node.set("a1", distribution(s.a1()));
            }
            ArrayNode a2 = node.putArray("a2");
            s.a2().forEach(d -> a2.add(distribution(d)));
            if (s.tour() != null) {
                node.set("tour", tour(s.tour()));
            }
            if (s.failover() != null) {
                node.set("failover", failover(s.failover()));
            }
        }
        if (r.cluster() != null) {
            root.set("cluster", cluster(r.cluster()));
        }
        root.set("disruption", JSON.valueToTree(r.disruption()));
        root.putObject("balance").<ObjectNode>set("vnodes", JSON.valueToTree(r.vnodes())).set("maglevTableSize", JSON.valueToTree(r.maglev()));
        return JSON.writeValueAsString(root);
    }

    private static ObjectNode options(AnalysisOptions o) {
        ObjectNode n = JSON.createObjectNode();
        n.set("peers", JSON.valueToTree(o.peers().stream().map(Object::toString).toList()));
        n.put("target", o.target() == null ? null : o.target().toString()).put("selfHosted", o.selfHosted())
                .put("requests", o.requests()).put("concurrency", o.concurrency()).put("timeoutMillis", o.timeout().toMillis())
                .put("warmup", o.warmup()).put("failoverRate", o.failoverRate()).put("keys", o.keys());
        ArrayNode algorithms = n.putArray("algorithms");
        o.algorithms().stream().map(AlgorithmSetup::name).forEach(algorithms::add);
        ArrayNode experiments = n.putArray("experiments");
        o.experiments().stream().sorted().map(Experiment::cliName).forEach(experiments::add);
        return n;
    }

    private static ObjectNode distribution(Distribution d) {
        ObjectNode n = JSON.valueToTree(d);
        n.put("answered", d.answered()).put("requestsPerSecond", d.requestsPerSecond());
        n.set("stats", JSON.valueToTree(d.stats()));
        return n;
    }

    private static ObjectNode tour(EndpointTour.Tour t) {
        ObjectNode n = JSON.createObjectNode().put("passed", t.passed()).put("unchanged", t.unchanged());
        ArrayNode steps = n.putArray("steps");
        for (EndpointTour.Step s : t.steps()) {
            steps.addObject().put("checks", s.purpose()).put("request", s.exchange().request())
                    .put("status", s.exchange().status()).put("expectedStatus", s.expectedStatus())
                    .put("expectedMessage", s.expectedMessage()).put("response", s.exchange().responseBody())
                    .put("passed", s.passed());
        }
        return n;
    }

    private static ObjectNode failover(Failover f) {
        ObjectNode n = JSON.createObjectNode().put("victim", f.victim()).put("pid", f.pid()).put("note", f.note())
                .put("nBefore", f.nBefore()).put("failedInRecovery", f.failedInRecovery())
                .put("sent", f.load().sent()).put("answered", f.load().answered()).put("failed", f.load().failed());
        seconds(n, "killedAt", f.killedAt());
        seconds(n, "outAt", f.outAt());
        seconds(n, "restoredAt", f.restoredAt());
        seconds(n, "recoverySeconds", f.recoverySeconds());
        n.set("errors", JSON.valueToTree(f.load().errors()));
        n.set("statuses", JSON.valueToTree(f.load().statuses()));
        n.set("replicasAfter", JSON.valueToTree(f.replicasAfter()));
        series(n, f.load().series());
        return n;
    }

    private static void series(ObjectNode n, RateSeries series) {
        ObjectNode s = n.putObject("series").put("bucketSeconds", series.bucketNanos() / 1e9);
        ObjectNode byReplica = s.putObject("answersByReplica");
        for (Map.Entry<String, long[]> e : series.byReplica().entrySet()) {
            byReplica.set(e.getKey(), JSON.valueToTree(e.getValue()));
        }
        s.set("failures", JSON.valueToTree(series.failures()));
    }

    private static ObjectNode cluster(ClusterResult c) {
        ObjectNode n = JSON.createObjectNode();
        ClusterAgreement a = c.agreement();
        n.putObject("agreement").put("keys", a.keys()).put("agreed", a.agreed()).put("agreement", a.agreement())
                .put("failed", a.failed()).<ObjectNode>set("instances", JSON.valueToTree(a.instances()))
                .<ObjectNode>set("perReplica", JSON.valueToTree(a.perReplica())).set("versions", JSON.valueToTree(a.versions()));
        LeaderKill k = c.leaderKill();
        ObjectNode kill = n.putObject("leaderKill").put("leader", k.leader()).put("leaderUrl", k.leaderUrl()).put("pid", k.pid())
                .put("note", k.note()).put("through", k.through()).put("nBefore", k.nBefore()).put("newLeader", k.newLeader())
                .put("failedInRecovery", k.failedInRecovery()).put("sent", k.load().sent()).put("failed", k.load().failed());
        seconds(kill, "killedAt", k.killedAt());
        seconds(kill, "newLeaderAt", k.newLeaderAt());
        seconds(kill, "droppedAt", k.droppedAt());
        seconds(kill, "restoredAt", k.restoredAt());
        kill.set("replicasAfter", JSON.valueToTree(k.replicasAfter()));
        series(kill, k.load().series());
        return n;
    }

    private static void seconds(ObjectNode n, String field, double value) {
        if (Double.isNaN(value)) {
            n.putNull(field);
        } else {
            n.put(field, value);
        }
    }
}
