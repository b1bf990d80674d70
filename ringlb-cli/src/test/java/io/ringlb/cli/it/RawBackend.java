package io.ringlb.cli.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A backend speaking HTTP by hand, for what a library server will not send: {@code /hints}
 * answers {@code 103 Early Hints} before its {@code 200}. {@code /heartbeat} answers 200.
 * Keep-alive, bodiless requests only.
 */
final class RawBackend implements AutoCloseable {

    private final ServerSocket server;

    RawBackend() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "raw-backend");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), "raw-backend-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            String head;
            while ((head = readHead(in)) != null) {
                String path = head.split(" ", 3)[1];
                String reply = path.equals("/hints")
                        ? "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                          + "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhints"
                        : "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n";
                out.write(reply.getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
        } catch (IOException ignored) {
            // the client went away
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            buf.write(b);
            String sofar = buf.toString(StandardCharsets.ISO_8859_1);
            if (sofar.endsWith("\r\n\r\n")) {
                return sofar;
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
