package io.ringlb.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A small blocking HTTP client for integration tests, with JSON bodies parsed by Jackson. */
public final class Http {

    public static final ObjectMapper JSON = new ObjectMapper();

    /** A response: status, body, parsed JSON (null if the body is not JSON) and headers. */
    public record Response(int status, String body, JsonNode json, java.net.http.HttpHeaders headers) {

        public String message() {
            return json == null ? null : json.path("message").asText();
        }

        public String outcome() {
            return json == null ? null : json.path("status").asText();
        }

        public String contentType() {
            return headers.firstValue("content-type").orElse("");
        }

        /** The replica named by {@code /home}'s message, as clients read it. */
        public String servedBy() {
            String m = message();
            return m.substring(m.lastIndexOf(' ') + 1);
        }
    }

    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public Response get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET());
    }

    public Response get(String url, String header, String value) {
        return send(HttpRequest.newBuilder(URI.create(url)).header(header, value).GET());
    }

    public Response post(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response delete(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).method("DELETE", HttpRequest.BodyPublishers.ofString(body)));
    }

    public Response method(String method, String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).method(method, HttpRequest.BodyPublishers.ofString(body)));
    }

    public HttpClient client() {
        return client;
    }

    private Response send(HttpRequest.Builder b) {
        try {
            HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.body(), parse(r.body()), r.headers());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(String body) {
        try {
            return body == null || body.isEmpty() ? null : JSON.readTree(body);
        } catch (IOException e) {
            return null;
        }
    }
}
