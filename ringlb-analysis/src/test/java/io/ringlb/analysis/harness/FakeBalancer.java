package io.ringlb.analysis.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import io.ringlb.analysis.load.StubServer;
import io.ringlb.core.Algorithm;
import io.ringlb.core.HashingConfig;
import io.ringlb.core.RequestIds;
import io.ringlb.core.RingMember;
import io.ringlb.core.RoutingTable;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-process stand-in for a balancer's public API, enough for an analysis: /rep, /add, /rm
 * (with the contract's exact length errors), / and a /home answered by ring-mode routing of a
 * random request id. No processes: A-3 can kill nothing here.
 */
final class FakeBalancer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX = 64;
    private static final String LABEL = "[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?";
    private static final HashingConfig RING = HashingConfig.defaults(Algorithm.RING).withVnodes(256);

    private final List<String> names = new ArrayList<>();
    private volatile RoutingTable<String> table;
    private final StubServer server;
    private int generated;

    FakeBalancer(List<String> initial) throws IOException {
        names.addAll(initial);
        publish();
        server = new StubServer(this::handle);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.address().getPort());
    }

    synchronized List<String> names() {
        return List.copyOf(names);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        byte[] body = ex.getRequestBody().readAllBytes();
        switch (path) {
            case "/home" -> {
                RoutingTable<String> t = table;
                StubServer.reply(ex, 200, StubServer.home(t.route(t.keyHasher().hashRequestId(RequestIds.random()))));
            }
            case "/heartbeat" -> StubServer.reply(ex, 200, "");
            case "/" -> StubServer.reply(ex, 200, "{\"message\": \"fake balancer\", \"status\": \"successful\"}");
            case "/rep" -> StubServer.reply(ex, 200, rep());
            case "/add", "/rm" -> change(ex, path.equals("/add"), body);
            default -> StubServer.reply(ex, 400, failure("<Error> '" + path + "' endpoint does not exist in server replicas"));
        }
    }

    private synchronized void change(HttpExchange ex, boolean add, byte[] body) throws IOException {
        JsonNode req;
        try {
            req = JSON.readTree(body);
        } catch (IOException e) {
            StubServer.reply(ex, 400, failure("<Error> Malformed JSON"));
            return;
        }
        int n = req.path("n").asInt(0);
        List<String> hostnames = new ArrayList<>();
        req.path("hostnames").forEach(h -> hostnames.add(h.asText()));
        String error = hostnames.size() > n ? (add ? "<Error> Length of hostname list is more than newly added instances"
                : "<Error> Length of hostname list is more than removable instances")
                : n < 1 || (add ? names.size() + n > MAX : n > names.size()) ? "<Error> n out of range"
                : hostnames.stream().distinct().count() < hostnames.size() ? "<Error> duplicate hostname"
                : hostnames.stream().anyMatch(h -> !h.matches(LABEL) || add == names.contains(h)) ? "<Error> bad hostname"
                : null;
        if (error != null) {
            StubServer.reply(ex, 400, failure(error));
            return;
        }
        if (add) {
            names.addAll(hostnames);
            for (int i = hostnames.size(); i < n; i++) {
                names.add("gen-" + (++generated));
            }
        } else {
            names.removeAll(hostnames);
            for (int i = hostnames.size(); i < n; i++) {
                names.remove(names.size() - 1);
            }
        }
        publish();
        StubServer.reply(ex, 200, rep());
    }

    private void publish() {
        List<String> copy = List.copyOf(names);
        table = RoutingTable.build(RING, copy, name -> RingMember.of(name, copy.indexOf(name) + 1));
    }

    private synchronized String rep() {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode message = root.putObject("message");
        message.put("N", names.size());
        names.forEach(message.putArray("replicas")::add);
        return root.put("status", "successful").toString();
    }

    private static String failure(String message) {
        return JSON.createObjectNode().put("message", message).put("status", "failure").toString();
    }

    @Override
    public void close() {
        server.close();
    }
}
