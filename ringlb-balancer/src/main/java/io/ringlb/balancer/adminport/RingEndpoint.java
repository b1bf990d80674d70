package io.ringlb.balancer.adminport;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.cookie.ClientCookieEncoder;
import io.netty.handler.codec.http.cookie.DefaultCookie;
import io.ringlb.balancer.admin.JsonReplies;
import io.ringlb.balancer.cluster.AdminException;
import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.metrics.RingShares;
import io.ringlb.balancer.proxy.HashKey;
import io.ringlb.balancer.traffic.RequestTrace;
import io.ringlb.core.HashingConfig;
import io.ringlb.core.KeySpace;
import io.ringlb.core.Ring;
import io.ringlb.core.RoutingTable;
import io.ringlb.core.SpecRing;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /ring}: the members with their exact shares and the ring's version; with
 * {@code ?sectors=N}, also the ring drawn as N equal parts coloured by owner.
 * {@code GET /ring?key=K}: where key K goes: its hash, its replica, and the rest of its walk
 * round the ring (what retries would use). Instead of {@code key}, a request can be described
 * ({@code header.NAME=V}, {@code cookie.NAME=V}, {@code uri=/p?q}, {@code ip=A}) and the
 * balancer's own {@code --hash-key} sources pick its key, as they would for that request.
 */
final class RingEndpoint {

    static final int MAX_SECTORS = 4096;

    private final RingShares shares;
    private final HashingConfig hashing;
    private final HashKey hashKey;
    private final int retries;

    RingEndpoint(RingShares shares, HashingConfig hashing, HashKey hashKey, int retries) {
        this.shares = shares;
        this.hashing = hashing;
        this.hashKey = hashKey;
        this.retries = retries;
    }

    FullHttpResponse handle(String uri) {
        Map<String, List<String>> params = new QueryStringDecoder(uri).parameters();
        RingShares.Snapshot snap = shares.current();
        boolean described = false;
        String target = "/";
        StringBuilder fields = new StringBuilder();
        String ip = null;
        Integer sectors = null;
        String key = null;
        for (Map.Entry<String, List<String>> p : params.entrySet()) {
            String name = p.getKey();
            String value = p.getValue().get(p.getValue().size() - 1);
            if (name.equals("key")) {
                key = value;
            } else if (name.equals("sectors")) {
                sectors = sectors(value);
            } else if (name.equals("ip")) {
                ip = value;
                described = true;
            } else if (name.equals("uri")) {
                target = value.isEmpty() ? "/" : value;
                described = true;
            } else if (name.startsWith("header.") && name.length() > 7) {
                fields.append(name, 7, name.length()).append(": ").append(value).append("\r\n");
                described = true;
            } else if (name.startsWith("cookie.") && name.length() > 7) {
                fields.append("Cookie: ").append(ClientCookieEncoder.LAX.encode(new DefaultCookie(name.substring(7), value))).append("\r\n");
                described = true;
            } else {
                throw AdminException.badRequest("<Error> Unknown parameter '" + name + "' for /ring; use key=K, or describe a "
                        + "request with header.NAME=V, cookie.NAME=V, uri=/path?query, ip=ADDRESS; and sectors=N");
            }
        }
        if (key != null && described) {
            throw AdminException.badRequest("<Error> Give either key=K or a request (header., cookie., uri=, ip=), not both");
        }
        if (key == null && !described) {
            return JsonReplies.success(members(snap, sectors));
        }
        RequestTrace trace = new RequestTrace();
        long ringKey;
        if (key != null) {
            ringKey = snap.state().table().keyHasher().hashKey(key);
            trace.keyFrom("key", key, -1);
        } else {
            String head = "GET " + target + " HTTP/1.1\r\nHost: ringlb\r\n" + fields + "\r\n";
            try {
                ringKey = hashKey.keyOf(head, ip, snap.state().table().keyHasher(), trace);
            } catch (IllegalArgumentException e) {
                throw AdminException.badRequest("<Error> The request described is not one the balancer would take: " + e.getMessage());
            }
        }
        return JsonReplies.success(lookup(snap, ringKey, trace));
    }

    private static int sectors(String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= MAX_SECTORS) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw AdminException.badRequest("<Error> sectors must be an integer from 1 to " + MAX_SECTORS + ", got '"
                + (v.length() > 20 ? v.substring(0, 20) + "..." : v) + "'");
    }

    private Map<String, Object> members(RingShares.Snapshot snap, Integer sectors) {
        RoutingTable<Replica> table = snap.state().table();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", snap.state().version());
        out.put("algorithm", hashing.describe());
        out.put("hash_key", hashKey.toString());
        out.put("N", table.size());
        List<Map<String, Object>> members = new ArrayList<>();
        for (int i = 0; i < table.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", table.member(i).name());
            m.put("share", snap.shares()[i]);
            m.put("in_flight", table.member(i).inFlight());
            members.add(m);
        }
        out.put("members", members);
        out.put("unhealthy", snap.state().view().unhealthy());
        if (sectors != null) {
            out.put("sectors", KeySpace.sectors(table.ring(), sectors));
        }
        return out;
    }

    private Map<String, Object> lookup(RingShares.Snapshot snap, long ringKey, RequestTrace trace) {
        RoutingTable<Replica> table = snap.state().table();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("version", snap.state().version());
        out.put("source", trace.keySource());
        out.put("key", trace.keyValue() != null ? trace.keyValue().toString() : Long.toString(trace.keyNumber()));
        if (trace.keyNumber() >= 0) {
            out.put("note", "no source of --hash-key matched: such a request gets a random request id, drawn anew each time");
        }
        Ring ring = table.ring();
        if (ring instanceof SpecRing spec) {
            out.put("request_id", ringKey);
            out.put("slot", spec.functions().requestSlot(ringKey, spec.slotCount()));
        } else {
            out.put("hash", String.format("0x%016x", ringKey));
        }
        List<String> walk = walk(table, ringKey);
        out.put("replica", walk.isEmpty() ? null : walk.get(0));
        out.put("walk", walk);
        out.put("retries_would_try", walk.size() <= 1 ? List.of() : walk.subList(1, Math.min(walk.size(), retries + 1)));
        return out;
    }

    /** The key's owner, then each further distinct member in the order the ring walk meets them. */
    static List<String> walk(RoutingTable<Replica> table, long ringKey) {
        List<String> walk = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        Ring ring = table.ring();
        for (int step = 0; step < table.size(); step++) {
            int m = ring.lookup(ringKey, i -> !seen.contains(i));
            if (m < 0) {
                break;
            }
            seen.add(m);
            walk.add(table.member(m).name());
        }
        return walk;
    }
}
