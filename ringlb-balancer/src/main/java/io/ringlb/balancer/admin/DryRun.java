package io.ringlb.balancer.admin;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.ringlb.balancer.cluster.AdminException;
import io.ringlb.balancer.cluster.ScalePreview;
import io.ringlb.core.HashingConfig;
import io.ringlb.core.KeySpace;
import io.ringlb.core.RingMember;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /add?dry_run=true} and {@code DELETE /rm?dry_run=true}: nothing changes; the answer
 * says which replicas would be added or removed and exactly which fraction of the key space would
 * move, from where to where ({@link KeySpace}).
 */
final class DryRun {

    private DryRun() {
    }

    /** Whether the request-target asks for a dry run; a value other than true/false/1/0 is a 400. */
    static boolean requested(String uri) {
        List<String> v = new QueryStringDecoder(uri).parameters().get("dry_run");
        if (v == null || v.isEmpty()) {
            return false;
        }
        String s = v.get(v.size() - 1);
        return switch (s) {
            case "true", "1", "" -> true;
            case "false", "0" -> false;
            default -> throw AdminException.badRequest("<Error> dry_run must be true or false, got '"
                    + (s.length() > 20 ? s.substring(0, 20) + "..." : s) + "'");
        };
    }

    static CompletableFuture<FullHttpResponse> answer(String operation, CompletableFuture<ScalePreview> preview,
                                                      HashingConfig hashing) {
        return AdminApi.replyTo(preview, p -> JsonReplies.success(describe(operation, p, hashing)));
    }

    static Map<String, Object> describe(String operation, ScalePreview p, HashingConfig hashing) {
        KeySpace.Movement m = KeySpace.movement(hashing, p.before(), p.after());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("dry_run", true);
        out.put("operation", operation);
        out.put(operation.equals("add") ? "would_add" : "would_remove", p.replicas());
        if (p.example()) {
            out.put("note", "names not given are an example of the random choice; the real " + operation
                    + " draws its own, and moves about as much");
        }
        out.put("N", Map.of("before", p.before().size(), "after", p.after().size()));
        out.put("moved", m.moved());
        List<Map<String, Object>> flows = new ArrayList<>();
        for (KeySpace.Flow f : m.flows()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("from", f.from());
            one.put("to", f.to());
            one.put("fraction", f.fraction());
            flows.add(one);
        }
        out.put("flows", flows);
        out.put("shares_after", shares(hashing, p.after()));
        return out;
    }

    private static Map<String, Double> shares(HashingConfig hashing, List<RingMember> members) {
        double[] s = KeySpace.shares(hashing.build(members));
        Map<String, Double> out = new LinkedHashMap<>();
        for (int i = 0; i < s.length; i++) {
            out.put(members.get(i).name(), s[i]);
        }
        return out;
    }
}
