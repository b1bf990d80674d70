package io.ringlb.cli.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code --max-connections}: past the limit, the longest-idle keep-alive connection closes to make
 * room for a new one; when every connection is busy answering a request, the new one is refused
 * (closed at once, unanswered); a connection that becomes idle again makes room again.
 */
class ConnectionLimitIT {

    private static final int MAX = 20;

    @Test
    void theLongestIdleConnectionMakesRoomAndNoneIdleMeansRefused() throws Exception {
        try (RinglbProcess lb = RinglbProcess.start("--replicas", "1", "--max-connections", Integer.toString(MAX), "--io-threads", "2")) {
            URI u = URI.create(lb.url("/"));
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < MAX; i++) {
                    Socket s = open(u);
                    assertThat(get(s, "/home")).startsWith("HTTP/1.1 200 ");
                    held.add(s);
                }
                // One more: its event loop closes the connection it read from longest ago (held 0 or 1: one per loop).
                try (Socket extra = open(u)) {
                    assertThat(get(extra, "/home")).startsWith("HTTP/1.1 200 ");
                }
                Thread.sleep(200);
                List<Integer> closed = new ArrayList<>();
                for (int i = 0; i < MAX; i++) {
                    if (closedByServer(held.get(i))) {
                        closed.add(i);
                    }
                }
                assertThat(closed).as("closed to make room").hasSize(1).allMatch(i -> i < 2);
                Socket evicted = held.remove((int) closed.get(0));
                evicted.close();
                Socket refill = open(u);
                assertThat(get(refill, "/home")).startsWith("HTTP/1.1 200 ");
                held.add(refill);

                // Every connection answering a request (its body not all sent): no room.
                for (Socket s : held) {
                    s.getOutputStream().write("POST /busy HTTP/1.1\r\nHost: it\r\nContent-Length: 10\r\n\r\n12345"
                            .getBytes(StandardCharsets.US_ASCII));
                }
                Thread.sleep(300);
                try (Socket refused = open(u)) {
                    Thread.sleep(200); // the other loop's answer: nothing idle there either
                    assertThat(closedByServer(refused)).as("refused: closed at once, unanswered").isTrue();
                }
                for (Socket s : held) {
                    assertThat(closedByServer(s)).as("busy connections stay").isFalse();
                }

                // One finishes its request and is idle again: the next new connection takes its place.
                Socket done = held.get(0);
                done.getOutputStream().write("67890".getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponse(done.getInputStream())).startsWith("HTTP/1.1 400 ");
                Socket next = null;
                for (int attempt = 0; attempt < 2 && next == null; attempt++) {
                    // The new connection's loop may not be the one with the idle connection: it asks the other.
                    Socket s = open(u);
                    String r = get(s, "/home");
                    if (r.startsWith("HTTP/1.1 200 ")) {
                        next = s;
                    } else {
                        s.close();
                    }
                }
                assertThat(next).as("served in the idle connection's place").isNotNull();
                next.close();
                assertThat(closedByServer(done)).isTrue();
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
            assertThat(lb.log()).contains("connections: at most 20 clients (--max-connections)")
                    .contains("closed the longest-idle one to make room").contains("none idle: refused one from");
        }
    }

    private static Socket open(URI u) throws IOException {
        Socket s = new Socket(u.getHost(), u.getPort());
        s.setSoTimeout(5000);
        return s;
    }

    /** A keep-alive GET and its response head and body (small, Content-Length framed). */
    private static String get(Socket s, String path) throws IOException {
        s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: it\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return readResponse(s.getInputStream());
    }

    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while (head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
            head.append((char) b);
        }
        int at = head.toString().toLowerCase().indexOf("content-length: ");
        if (at >= 0) {
            int length = Integer.parseInt(head.substring(at + 16, head.indexOf("\r\n", at)).trim());
            head.append(new String(in.readNBytes(length), StandardCharsets.ISO_8859_1));
        }
        return head.toString();
    }

    /** Whether the server has closed {@code s} (within 100 ms: a close to make room is at once). */
    private static boolean closedByServer(Socket s) throws IOException {
        int timeout = s.getSoTimeout();
        s.setSoTimeout(100);
        try {
            return s.getInputStream().read() == -1;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        } finally {
            s.setSoTimeout(timeout);
        }
    }
}
