package io.ringlb.analysis.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ListeningSocketsTest {

    @Test
    void findsTheProcessListeningOnAPortAndOnlyIt() throws Exception {
        assumeTrue(ListeningSockets.available(), "needs Linux /proc");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
            Set<Long> inodes = ListeningSockets.listeningOn(port);
            assertThat(inodes).isNotEmpty();
            assertThat(ListeningSockets.holdsAny(ProcessHandle.current().pid(), inodes)).isTrue();
            long parent = ProcessHandle.current().parent().orElseThrow().pid();
            assertThat(ListeningSockets.holdsAny(parent, inodes)).isFalse();
        }
        assertThat(ListeningSockets.listeningOn(port)).isEmpty();
        assertThat(ListeningSockets.holdsAny(ProcessHandle.current().pid(), Set.of())).isFalse();
    }
}
