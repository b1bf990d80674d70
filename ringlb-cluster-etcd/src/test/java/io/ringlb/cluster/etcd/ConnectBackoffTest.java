package io.ringlb.cluster.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link EtcdStore#reconnectNow()} against a loopback port where etcd is down: after a few failed
 * connections gRPC waits seconds before dialling again, and reconnectNow makes the next call dial
 * at once.
 */
class ConnectBackoffTest {

    @Test
    void jetcdsChannelIsReachable() {
        try (EtcdStore store = EtcdStore.connect(settings(closedPort()))) {
            assertThat(store.reconnectsNow()).as("ConnectBackoff finds jetcd's gRPC channel").isTrue();
        }
    }

    @Test
    void afterFailedConnectionsTheNextCallDialsAtOnce() throws Exception {
        // A port that takes each connection and closes it at once: a dead etcd whose every dial is seen.
        try (ServerSocket dead = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
             EtcdStore store = EtcdStore.connect(settings(dead.getLocalPort()))) {
            dead.setSoTimeout(10_000);
            // Four failed dials: gRPC waits 1 s, 1.6 s, 2.6 s between them, then 4.1 s (each ±20 %).
            for (int dials = 0; dials < 4; dials++) {
                store.keepAlive(1).handle((r, e) -> null);
                dead.accept().close();
            }
            Thread.sleep(300); // the channel notices the closed connection and starts waiting
            store.reconnectNow();
            long t0 = System.nanoTime();
            store.keepAlive(1).handle((r, e) -> null);
            dead.setSoTimeout(2000);
            try (Socket dialled = dead.accept()) {
                System.out.printf("dialled again %d ms after reconnectNow()%n", (System.nanoTime() - t0) / 1_000_000);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("no dial within 2 s of reconnectNow(); gRPC's back-off was 3.3 s or more", e);
            }
        }
    }

    private static EtcdSettings settings(int port) {
        return new EtcdSettings(List.of(URI.create("http://127.0.0.1:" + port)), false, null, null, null, null, null,
                Duration.ofSeconds(1));
    }

    private static int closedPort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
