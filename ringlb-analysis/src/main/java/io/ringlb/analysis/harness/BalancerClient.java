package io.ringlb.analysis.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ringlb.analysis.AnalysisException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * The balancer's public API, blocking, for the few control requests of an analysis
 * ({@code /rep}, {@code /add}, {@code /rm}, and A-3's tour of every endpoint). Load goes through
 * {@link io.ringlb.analysis.load.LoadGenerator} instead.
 */
public final class BalancerClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI base;
    private final Duration timeout;
    private final HttpClient http;

    /** @param base the balancer's root, e.g. {@code http://127.0.0.1:5000} */
    public BalancerClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout).build();
    }

    public URI base() {
        return base;
    }

    /** Where the load generator connects. */
    public InetSocketAddress address() {
        return new InetSocketAddress(base.getHost(), base.getPort());
    }

    /**
     * Sends one request and returns whatever happened, a missing response included (status 0);
     * never throws for network errors.
     */
    public Exchange exchange(String method, String path, String body) {
        HttpRequest.BodyPublisher publisher = body.isEmpty()
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).method(method, publisher);
        if (!body.isEmpty()) {
            req.header("Content-Type", "application/json");
        }
        long t0 = System.nanoTime();
        try {
            HttpResponse<String> res = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
            return new Exchange(method, path, body, res.statusCode(), res.body(), (System.nanoTime() - t0) / 1_000_000);
        } catch (IOException e) {
            return new Exchange(method, path, body, 0, "no response: " + e, (System.nanoTime() - t0) / 1_000_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Exchange(method, path, body, 0, "interrupted", (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /**
     * {@code GET path} with one request field ({@code header} may be null), returning the whole
     * response, fields included, or null when none came (the error is not kept).
     */
    public HttpResponse<String> get(String path, String header, String value) {
        HttpRequest.Builder req = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).GET();
        if (header != null) {
            req.header(header, value);
        }
        try {
            return http.send(req.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** {@code GET /rep}. */
    public ReplicaSet replicas() {
        return replicaSet(exchange("GET", "/rep", ""));
    }

    /** {@code POST /add}; fails with the balancer's message unless it answers 200. */
    public ReplicaSet add(int n, List<String> hostnames) {
        return replicaSet(exchange("POST", "/add", scaleBody(n, hostnames)));
    }

    /** {@code DELETE /rm}; fails with the balancer's message unless it answers 200. */
    public ReplicaSet remove(int n, List<String> hostnames) {
        return replicaSet(exchange("DELETE", "/rm", scaleBody(n, hostnames)));
    }

    /** {@code {"n": n, "hostnames": [...]}}. */
    public static String scaleBody(int n, List<String> hostnames) {
        ObjectNode body = JSON.createObjectNode();
        body.put("n", n);
        hostnames.forEach(body.putArray("hostnames")::add);
        return body.toString();
    }

    private ReplicaSet replicaSet(Exchange ex) {
        if (ex.status() != 200) {
            throw new AnalysisException(ex.request() + " to " + base + " failed: "
                    + (ex.status() == 0 ? "" : "HTTP " + ex.status() + " ") + ex.responseBody());
        }
        try {
            return ReplicaSet.fromBody(JSON.readTree(ex.responseBody()));
        } catch (IOException | IllegalArgumentException e) {
            throw new AnalysisException(ex.request() + " to " + base + " answered something that is not a /rep body: "
                    + ex.responseBody(), e);
        }
    }

    /** Parses a JSON body, or returns null when it is not JSON. */
    public static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
