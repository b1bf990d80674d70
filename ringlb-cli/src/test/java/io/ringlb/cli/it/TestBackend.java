package io.ringlb.cli.it;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A backend ringlb did not start (for {@code --provisioner static}), built on the JDK's HTTP
 * server, with endpoints that expose what a proxy does: {@code /heartbeat}, {@code /home},
 * {@code /echo} (the body back), {@code /digest} (the body's length and CRC-32, read as it
 * streams in), {@code /big?mb=N} (streams N MiB), {@code /headers},
 * {@code /seq?n=N}, {@code /slow}, {@code /early} (answers before reading the body). It records the client connections it saw.
 */
final class TestBackend implements AutoCloseable {

    static {
        // Without it the JDK server's separate header and body writes meet delayed ACKs: 40 ms a request.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final String name;
    private final int port;
    private final Set<String> connections = ConcurrentHashMap.newKeySet();
    private HttpServer server;
    private ExecutorService executor;

    private TestBackend(String name, int port) {
        this.name = name;
        this.port = port;
    }

    static TestBackend start(String name) throws IOException {
        return start(name, 0);
    }

    static TestBackend start(String name, int port) throws IOException {
        TestBackend b = new TestBackend(name, port);
        b.listen();
        return b;
    }

    private void listen() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        executor = Executors.newFixedThreadPool(8);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String spec() {
        return name + "=127.0.0.1:" + port();
    }

    /** Distinct client connections (remote ports) that carried requests other than heartbeats. */
    Set<String> connections() {
        return connections;
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        if (!path.equals("/heartbeat")) {
            connections.add(ex.getRemoteAddress().toString()); // heartbeats use a connection each, by design
        }
        String query = ex.getRequestURI().getQuery();
        try (ex) {
            switch (path) {
                case "/heartbeat" -> ex.sendResponseHeaders(200, -1);
                case "/home" -> text(ex, 200, "{\"message\": \"Hello from Server: " + name + "\", \"status\": \"successful\"}");
                case "/echo" -> {
                    ex.sendResponseHeaders(200, 0); // chunked
                    try (InputStream in = ex.getRequestBody(); OutputStream out = ex.getResponseBody()) {
                        in.transferTo(out);
                    }
                }
                case "/digest" -> {
                    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                    byte[] buf = new byte[64 * 1024];
                    long n = 0;
                    try (InputStream in = ex.getRequestBody()) {
                        for (int r; (r = in.read(buf)) >= 0; n += r) {
                            crc.update(buf, 0, r);
                        }
                    }
                    text(ex, 200, n + " " + crc.getValue());
                }
                case "/big" -> {
                    long mib = Long.parseLong(query.substring("mb=".length()));
                    ex.sendResponseHeaders(200, 0);
                    byte[] chunk = new byte[1 << 20];
                    for (int i = 0; i < chunk.length; i++) {
                        chunk[i] = (byte) i;
                    }
                    try (OutputStream out = ex.getResponseBody()) {
                        for (long i = 0; i < mib; i++) {
                            out.write(chunk);
                        }
                    }
                }
                case "/headers" -> {
                    Map<String, String> h = new TreeMap<>();
                    ex.getRequestHeaders().forEach((k, v) -> h.put(k.toLowerCase(), String.join(",", v)));
                    text(ex, 200, Http.JSON.writeValueAsString(h));
                }
                case "/seq" -> text(ex, 200, query);
                case "/early" -> text(ex, 200, "early"); // answers without reading the body
                case "/slow" -> {
                    try {
                        Thread.sleep(3000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    text(ex, 200, "slow");
                }
                default -> text(ex, 404, "not here");
            }
        }
    }

    private void text(HttpExchange ex, int status, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
    }

    /** Stops listening; requests in progress are cut. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
