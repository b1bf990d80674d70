package io.ringlb.cli.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend speaking HTTP by hand, for what a library server will not send:
 * <ul>
 *   <li>{@code /hints}: {@code 103 Early Hints}, then a {@code 200} with body {@code hints};</li>
 *   <li>{@code /chunked}: a chunked body {@code hello world} with a trailer;</li>
 *   <li>{@code /trickle}: a {@code 200} written one byte at a time;</li>
 *   <li>{@code /until-close}: a body that ends when the connection closes;</li>
 *   <li>{@code /bad-head}: a head with a field line that has no colon;</li>
 *   <li>{@code /broken-chunk}: a chunk longer than its size;</li>
 *   <li>{@code /extra}: a {@code 200}, then a second response nobody asked for;</li>
 *   <li>{@code /no-content}: a {@code 204} without Content-Length;</li>
 *   <li>{@code /missing}: a {@code 404} with a body;</li>
 *   <li>{@code /named-length}: a {@code 200} whose {@code Connection} names its Content-Length;</li>
 *   <li>{@code /early-then-stray} (a POST): a {@code 200} at once, a stray second response 300 ms
 *       later, then the request body is read;</li>
 *   <li>{@code /never}: reads the request and never answers;</li>
 *   <li>{@code /garbage}: answers with bytes that are not HTTP;</li>
 *   <li>{@code /cut}: a head announcing 100 bytes, 10 of them, then closes;</li>
 *   <li>{@code /trickle-body}: a head announcing 10 bytes, then one byte every 300 ms, then closes;</li>
 *   <li>{@code /stall}: a head announcing 10 bytes, 3 of them, then nothing for 6 s, then closes;</li>
 *   <li>{@code /big/N}: a {@code 200} with a body of N zero bytes;</li>
 *   <li>anything else, and {@code /heartbeat}: an empty {@code 200}.</li>
 * </ul>
 * A HEAD request gets the head alone. Keep-alive; bodiless requests only, but for the POST above.
 */
final class RawBackend extends RawServer {

    private final AtomicInteger accepted = new AtomicInteger();

    RawBackend() throws IOException {
        super("raw-backend");
    }

    /** Connections that have carried a request other than a heartbeat, so far. */
    int accepted() {
        return accepted.get();
    }

    @Override
    void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            s.setTcpNoDelay(true);
            String head;
            boolean counted = false;
            while ((head = readHead(in)) != null) {
                String[] line = head.split(" ", 3);
                if (!counted && !line[1].equals("/heartbeat")) {
                    counted = true;
                    accepted.incrementAndGet();
                }
                if (misbehave(line[1], out)) {
                    return;
                }
                boolean headRequest = line[0].equals("HEAD");
                if (line[1].startsWith("/big/")) {
                    int n = Integer.parseInt(line[1].substring("/big/".length()));
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + n + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    if (!headRequest) {
                        out.write(new byte[n]);
                    }
                    out.flush();
                    continue;
                }
                String path = line[1];
                String reply = switch (path) {
                    case "/hints" -> "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                            + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhints";
                    case "/chunked" -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                            + "5\r\nhello\r\n6;x=y\r\n world\r\n0\r\nX-Checksum: 42\r\n\r\n";
                    case "/trickle" -> "HTTP/1.1 200 OK\r\nX-Slow: yes\r\nContent-Length: 7\r\n\r\ntrickle";
                    case "/until-close" -> "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nto the end";
                    case "/bad-head" -> "HTTP/1.1 200 OK\r\nNo colon here\r\nContent-Length: 0\r\n\r\n";
                    case "/broken-chunk" -> "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcdef\r\n0\r\n\r\n";
                    case "/extra" -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                            + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale";
                    case "/no-content" -> "HTTP/1.1 204 No Content\r\n\r\n";
                    case "/missing" -> "HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\nnope";
                    case "/named-length" -> "HTTP/1.1 200 OK\r\nConnection: content-length\r\nContent-Length: 2\r\n\r\nok";
                    case "/early-then-stray" -> "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nearly";
                    default -> "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
                };
                if (headRequest) {
                    reply = reply.substring(0, reply.lastIndexOf("\r\n\r\n") + 4);
                }
                byte[] bytes = reply.getBytes(StandardCharsets.US_ASCII);
                if (path.equals("/trickle")) {
                    for (byte b : bytes) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(2);
                    }
                } else {
                    out.write(bytes);
                    out.flush();
                }
                if (path.equals("/early-then-stray")) {
                    Thread.sleep(300);
                    out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\nstale".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
                    in.readNBytes(length);
                }
                if (path.equals("/until-close") || path.equals("/bad-head") || path.equals("/broken-chunk")) {
                    return;
                }
            }
        } catch (IOException ignored) {
            // the client went away
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The replicas that break their side of HTTP, each on a connection of its own: returns true
     * once it is done with the connection, false if {@code path} is not one of them.
     */
    private static boolean misbehave(String path, OutputStream out) throws IOException {
        switch (path) {
            case "/never" -> sleep(60_000);
            case "/garbage" -> send(out, "\u00ff\u0000garbage that is no status line\r\n\r\n");
            case "/cut" -> send(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
            case "/trickle-body" -> {
                send(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n");
                for (char c : "0123456789".toCharArray()) {
                    sleep(300);
                    send(out, String.valueOf(c));
                }
            }
            case "/stall" -> {
                send(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n012");
                sleep(6000);
            }
            default -> {
                return false;
            }
        }
        return true;
    }

    private static void send(OutputStream out, String s) throws IOException {
        out.write(s.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }
}
