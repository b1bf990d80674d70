package io.ringlb.analysis.harness;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** A balancer's replicas as {@code /rep} (and {@code /add}, {@code /rm}) report them, in the order they were added. */
public record ReplicaSet(int n, List<String> names) {

    public ReplicaSet {
        names = List.copyOf(names);
    }

    /**
     * Reads {@code {"message": {"N": 3, "replicas": [...]}, "status": "successful"}}.
     *
     * @throws IllegalArgumentException if the body has another shape
     */
    public static ReplicaSet fromBody(JsonNode body) {
        JsonNode message = body.path("message");
        JsonNode replicas = message.path("replicas");
        if (!message.path("N").isInt() || !replicas.isArray()) {
            throw new IllegalArgumentException("not a /rep body: " + body);
        }
        List<String> names = new ArrayList<>();
        replicas.forEach(r -> names.add(r.asText()));
        return new ReplicaSet(message.path("N").asInt(), names);
    }

    public boolean contains(String name) {
        return names.contains(name);
    }
}
