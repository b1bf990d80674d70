package io.ringlb.balancer.admin;

import io.ringlb.balancer.cluster.ScaleRequest;
import java.nio.charset.StandardCharsets;

/** Lets tests in other packages parse admin bodies the way the API does. */
public final class ScaleRequestParserAccess {

    private ScaleRequestParserAccess() {
    }

    public static ScaleRequest parse(String json) {
        return ScaleRequestParser.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
