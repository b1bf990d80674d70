package io.ringlb.balancer.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ringlb.balancer.cluster.AdminException;
import io.ringlb.balancer.cluster.ReplicaNames;
import io.ringlb.balancer.cluster.ScaleRequest;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads an {@code /add} or {@code /rm} body into a {@link ScaleRequest}, rejecting anything that
 * is not exactly {@code {"n": <int >= 1>, "hostnames": [<name>...], "addresses": ["host:port"...]}}
 * with a message that says what is wrong. Checks that need the cluster's state (does a name
 * exist? is n too large?) are the supervisor's. Addresses stay unresolved: this runs on an event
 * loop, and {@link BackendResolver} looks them up elsewhere.
 */
final class ScaleRequestParser {

    private static final String EXAMPLE = "{\"n\": 1, \"hostnames\": [\"s4\"]}";

    private ScaleRequestParser() {
    }

    static ScaleRequest parse(byte[] body) {
        if (body.length == 0) {
            throw bad("Request body is empty; expected a JSON object such as " + EXAMPLE);
        }
        JsonNode root;
        try {
            root = JsonReplies.JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw bad("Malformed JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw bad("Unreadable body: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw bad("Request body must be a JSON object such as " + EXAMPLE + ", got "
                    + (root == null ? "nothing" : abbreviate(new String(body, StandardCharsets.UTF_8))));
        }
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!f.equals("n") && !f.equals("hostnames") && !f.equals("addresses")) {
                throw bad("Unknown field '" + abbreviate(f) + "'; expected 'n', 'hostnames' and, for static backends, 'addresses'");
            }
        }
        int n = parseN(root.get("n"));
        List<String> hostnames = stringArray(root, "hostnames");
        List<String> rawAddresses = stringArray(root, "addresses");
        checkNames(hostnames, n);
        List<InetSocketAddress> addresses = new ArrayList<>();
        for (String a : rawAddresses) {
            addresses.add(parseAddress(a));
        }
        return new ScaleRequest(n, hostnames, addresses);
    }

    private static int parseN(JsonNode n) {
        if (n == null || n.isNull()) {
            throw bad("Field 'n' is required: the number of replicas, e.g. " + EXAMPLE);
        }
        if (!n.isIntegralNumber()) {
            throw bad("Field 'n' must be an integer, got " + n);
        }
        if (!n.canConvertToInt() || n.intValue() < 1) {
            throw bad("Field 'n' must be a positive integer, got " + n);
        }
        return n.intValue();
    }

    private static List<String> stringArray(JsonNode root, String field) {
        JsonNode node = root.get(field);
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw bad("Field '" + field + "' must be an array of strings, got " + abbreviate(node.toString()));
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode e = node.get(i);
            if (!e.isTextual()) {
                throw bad("Field '" + field + "' must be an array of strings, but element " + i + " is " + abbreviate(e.toString()));
            }
            out.add(e.textValue());
        }
        return out;
    }

    /** Syntax only; the contract's length message is the supervisor's, since it differs per endpoint. */
    private static void checkNames(List<String> hostnames, int n) {
        if (hostnames.size() > n) {
            return; // reported by the supervisor with the contract's exact message
        }
        Set<String> seen = new HashSet<>();
        for (String h : hostnames) {
            if (!ReplicaNames.isValid(h)) {
                throw bad("Hostname '" + abbreviate(h) + "' is not a valid name (" + ReplicaNames.RULE + ")");
            }
            if (!seen.add(ReplicaNames.key(h))) {
                throw bad("Hostname '" + h + "' appears more than once");
            }
        }
    }

    private static InetSocketAddress parseAddress(String a) {
        int colon = a.lastIndexOf(':');
        if (colon <= 0 || colon == a.length() - 1) {
            throw bad("Address '" + abbreviate(a) + "' must be host:port, e.g. 127.0.0.1:9004");
        }
        String host = a.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int port;
        try {
            port = Integer.parseInt(a.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw bad("Address '" + abbreviate(a) + "' has a port that is not a number");
        }
        if (port < 1 || port > 65535) {
            throw bad("Address '" + abbreviate(a) + "' has a port outside 1-65535");
        }
        if (host.isEmpty()) {
            throw bad("Address '" + abbreviate(a) + "' must be host:port, e.g. 127.0.0.1:9004");
        }
        return InetSocketAddress.createUnresolved(host, port);
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static AdminException bad(String message) {
        return AdminException.badRequest("<Error> " + message);
    }
}
