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
 * (closed at once, unanswered); a connection that becomes idle again makes room again, whichever
 * event loop it is on.
 *
 * <p>Idle order is kept per event loop, and the kernel spreads new connections over the loops'
 * listening sockets by a hash of their addresses, so which connection is longest idle on the
 * loop a new connection lands on is known only with one loop: the order is checked there. With
 * two loops the test makes exactly one connection idle, so that the loop a new connection lands
 * on has to find it, in its own list or by asking the other loop.
 */
class ConnectionLimitIT {

    private static final int MAX = 20;

    @Test
    void theLongestIdleConnectionMakesRoom() throws Exception {
        try (RinglbProcess lb = RinglbProcess.start("--replicas", "1", "--max-connections", Integer.toString(MAX), "--io-threads", "1")) {
            URI u = URI.create(lb.url("/"));
            List<Socket> held = new ArrayList<>();
            try {
                openToTheLimit(u, held);
                // A read moves a connection to the end of the idle order: connection 1 is now the longest idle.
                assertThat(get(held.get(0), "/home")).startsWith("HTTP/1.1 200 ");
                madeRoomFor(u, held, 1);
            } finally {
                closeAll(held);
            }
            assertThat(lb.log()).contains("connections: at most 20 clients (--max-connections)")
                    .contains("closed the longest-idle one to make room");
        }
    }

    @Test
    void noneIdleMeansRefusedAndOneIdleOnEitherLoopMakesRoom() throws Exception {
        try (RinglbProcess lb = RinglbProcess.start("--replicas", "1", "--max-connections", Integer.toString(MAX), "--io-threads", "2")) {
            URI u = URI.create(lb.url("/"));
            List<Socket> held = new ArrayList<>();
            try {
                openToTheLimit(u, held);
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
                assertThat(closedNow(held)).as("busy connections stay").isEmpty();

                // One finishes its request and is the only idle one: the next new connection takes its
                // place, on its loop or by asking the other loop.
                Socket done = held.get(0);
                done.getOutputStream().write("67890".getBytes(StandardCharsets.US_ASCII));
                assertThat(readResponse(done.getInputStream())).startsWith("HTTP/1.1 400 ");
                madeRoomFor(u, held, 0);
            } finally {
                closeAll(held);
            }
            assertThat(lb.log()).contains("closed the longest-idle one to make room").contains("none idle: refused one from");
        }
    }

    /** A connection past the limit is served, and {@code held}'s connection {@code victim}, and only it, closed to make room. */
    private static void madeRoomFor(URI u, List<Socket> held, int victim) throws Exception {
        try (Socket extra = openServed(u)) {
            Thread.sleep(200);
            assertThat(closedNow(held)).as("closed to make room").containsExactly(victim);
            assertThat(closedByServer(extra)).as("the new connection stays").isFalse();
        }
    }

    /** Opens {@link #MAX} connections, each served a request, into {@code held} (which the caller closes). */
    private static void openToTheLimit(URI u, List<Socket> held) throws IOException {
        for (int i = 0; i < MAX; i++) {
            held.add(openServed(u));
        }
    }

    /** A new connection, served a keep-alive request. */
    private static Socket openServed(URI u) throws IOException {
        Socket s = open(u);
        assertThat(get(s, "/home")).startsWith("HTTP/1.1 200 ");
        return s;
    }

    /** The indexes in {@code held} of the connections the server has closed. */
    private static List<Integer> closedNow(List<Socket> held) throws IOException {
        List<Integer> closed = new ArrayList<>();
        for (int i = 0; i < held.size(); i++) {
            if (closedByServer(held.get(i))) {
                closed.add(i);
            }
        }
        return closed;
    }

    private static void closeAll(List<Socket> held) throws IOException {
        for (Socket s : held) {
            s.close();
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
