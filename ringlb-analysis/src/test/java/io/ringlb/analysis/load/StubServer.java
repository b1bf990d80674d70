package io.ringlb.analysis.load;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A loopback HTTP server on port 0 whose every request is answered by one {@link Handler}. */
public final class StubServer implements AutoCloseable {

    /** Answers one request; throwing closes the connection without a response. */
    public interface Handler {
        void handle(HttpExchange exchange) throws IOException, InterruptedException;
    }

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes wait out delayed ACKs (~40 ms each).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(16);

    public StubServer(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.createContext("/", exchange -> {
            try {
                handler.handle(exchange);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        });
        server.setExecutor(threads);
        server.start();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Sends {@code body} as JSON with {@code status}. */
    public static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    /** The replica's /home answer. */
    public static String home(String name) {
        return "{\"message\": \"Hello from Server: " + name + "\", \"status\": \"successful\"}";
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
