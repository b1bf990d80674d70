package io.ringlb.cli.it;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A static backend that records the raw bytes of every request it reads and answers each with
 * an echo of it: {@code seq=<n> <method> <target>}, so that a client can tell its own response
 * from another's. It frames requests the way a typical lenient server does (a Transfer-Encoding
 * that mentions {@code chunked} wins, else the first Content-Length, else no body), so whatever
 * a proxy lets through with ambiguous framing shows up here as an extra request.
 * <ul>
 *   <li>{@code /slow-<ms>/...}: answered after {@code ms} milliseconds;</li>
 *   <li>{@code /ws...} with {@code Upgrade: websocket}: a 101, then every frame is echoed back
 *       (RFC 6455), until a close frame;</li>
 *   <li>{@code /heartbeat}: an empty 200, not recorded.</li>
 * </ul>
 */
final class RecordingBackend extends RawServer {

    private static final String WEBSOCKET_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /**
     * One request as it arrived: {@code complete} is false if the connection ended (or its
     * framing broke) before the request did.
     */
    record Request(int seq, int connection, String method, String target, String version, List<String> fieldLines,
                   byte[] body, boolean complete, String raw) {

        /** Every value of the fields named {@code name} (any case). */
        List<String> headers(String name) {
            return new RawHttp.Response("", 0, fieldLines, new byte[0], true).headers(name);
        }

        String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();

    RecordingBackend() throws IOException {
        super("recording-backend");
    }

    /** Every request but heartbeats, in the order they were read. */
    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** The requests whose raw bytes (head or body) contain {@code marker}. */
    List<Request> containing(String marker) {
        return requests.stream().filter(r -> r.raw().contains(marker)).toList();
    }

    /** The requests whose target contains {@code marker}. */
    List<Request> withTarget(String marker) {
        return requests.stream().filter(r -> r.target().contains(marker)).toList();
    }

    @Override
    void serve(Socket s) {
        int connection = connections.incrementAndGet();
        try (s; Capture in = new Capture(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            s.setTcpNoDelay(true);
            while (true) {
                Request r = readRequest(in, connection);
                if (r == null) {
                    return;
                }
                if (!r.target().equals("/heartbeat")) {
                    requests.add(r);
                }
                if (!r.complete()) {
                    return;
                }
                if (r.target().startsWith("/ws") && r.headers("upgrade").stream().anyMatch(v -> v.equalsIgnoreCase("websocket"))) {
                    websocketEcho(r, in, out);
                    return;
                }
                if (r.target().startsWith("/slow-")) {
                    sleep(Long.parseLong(r.target().substring(6, r.target().indexOf('/', 6))));
                }
                byte[] body = ("seq=" + r.seq() + " " + r.method() + " " + r.target()).getBytes(StandardCharsets.ISO_8859_1);
                String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n";
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            }
        } catch (IOException ignored) {
            // the proxy closed the connection
        }
    }

    /** The next request on the connection, or null if it ended cleanly between requests. */
    private Request readRequest(Capture in, int connection) throws IOException {
        String head = readHead(in);
        if (head == null) {
            String rest = in.take();
            return rest.isEmpty() ? null : new Request(seq.incrementAndGet(), connection, "", "", "", List.of(), new byte[0], false, rest);
        }
        List<String> lines = new ArrayList<>(List.of(head.split("\r?\n")));
        String[] line = lines.remove(0).split(" ", 3);
        String method = line[0];
        String target = line.length > 1 ? line[1] : "";
        String version = line.length > 2 ? line[2] : "";
        Request bodiless = new Request(0, connection, method, target, version, lines, new byte[0], true, "");
        List<String> te = bodiless.headers("transfer-encoding");
        List<String> cl = bodiless.headers("content-length");
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        boolean complete = true;
        if (te.stream().anyMatch(v -> v.toLowerCase(Locale.ROOT).contains("chunked"))) {
            complete = RawHttp.readChunked(in, body);
        } else if (!cl.isEmpty()) {
            try {
                int n = Integer.parseInt(cl.get(0).split(",")[0].trim());
                byte[] b = in.readNBytes(n);
                body.write(b);
                complete = b.length == n;
            } catch (NumberFormatException e) {
                complete = false;
            }
        }
        return new Request(seq.incrementAndGet(), connection, method, target, version, lines, body.toByteArray(), complete, in.take());
    }

    /** RFC 6455 §4.2.2's handshake answer, then each data frame back, unmasked, until a close frame. */
    private static void websocketEcho(Request r, InputStream in, OutputStream out) throws IOException {
        String key = r.headers("sec-websocket-key").get(0);
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + websocketAccept(key) + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        while (true) {
            WebSocketFrame frame = WebSocketFrame.read(in);
            if (frame == null) {
                return;
            }
            out.write(frame.encode(false));
            out.flush();
            if (frame.opcode() == WebSocketFrame.CLOSE) {
                return;
            }
        }
    }

    static String websocketAccept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + WEBSOCKET_GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An input stream that keeps every byte read since the last {@link #take()}. */
    private static final class Capture extends FilterInputStream {

        private final ByteArrayOutputStream seen = new ByteArrayOutputStream();

        Capture(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                seen.write(b);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                seen.write(b, off, n);
            }
            return n;
        }

        String take() {
            String s = seen.toString(StandardCharsets.ISO_8859_1);
            seen.reset();
            return s;
        }
    }
}
