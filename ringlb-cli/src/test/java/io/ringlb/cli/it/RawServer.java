package io.ringlb.cli.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback server with a thread per connection, for backends that speak HTTP by hand: each
 * accepted socket goes to {@link #serve(Socket)}, which owns and closes it.
 */
abstract class RawServer implements AutoCloseable {

    private final ServerSocket server;

    RawServer(String name) throws IOException {
        server = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, name);
        t.setDaemon(true);
        t.start();
    }

    final int port() {
        return server.getLocalPort();
    }

    /** Serves one connection until either side ends it; closes the socket. */
    abstract void serve(Socket s);

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> serve(s), server.getLocalPort() + "-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** A request head up to its empty line, or null if the stream ends first. */
    static String readHead(InputStream in) throws IOException {
        return RawHttp.readHead(in);
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
