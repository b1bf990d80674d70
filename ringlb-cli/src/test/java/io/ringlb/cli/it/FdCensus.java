package io.ringlb.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * A process's open file descriptors, with its TCP sockets told apart (Linux: {@code /proc}):
 * connections accepted on the balancer's port (clients), connections to a backend port, and
 * everything else. A leak shows as a client socket that outlives its client, or as more
 * "other" descriptors than at the start.
 *
 * @param total   every open descriptor
 * @param clients sockets whose local port is the balancer's, the listening one excepted
 * @param backends sockets whose remote port is a backend's (pooled connections, heartbeats)
 * @param detail  one line per descriptor, for failure messages
 */
record FdCensus(int total, int clients, int backends, List<String> detail) {

    /** Descriptors that are neither client nor backend connections. */
    int others() {
        return total - clients - backends;
    }

    static FdCensus of(long pid, int balancerPort, Set<Integer> backendPorts) {
        Map<String, int[]> sockets = new HashMap<>(); // inode -> local port, remote port, state
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                List<String> lines = Files.readAllLines(Path.of(table));
                for (String line : lines.subList(1, lines.size())) {
                    String[] f = line.trim().split("\\s+");
                    sockets.put(f[9], new int[] {port(f[1]), port(f[2]), Integer.parseInt(f[3], 16)});
                }
            } catch (IOException e) {
                // no IPv6 on this machine
            }
        }
        int total = 0;
        int clients = 0;
        int backends = 0;
        List<String> detail = new ArrayList<>();
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : fds.toList()) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed meanwhile
                }
                total++;
                int[] s = target.startsWith("socket:[") ? sockets.get(target.substring(8, target.length() - 1)) : null;
                String kind = "other";
                if (s != null && s[0] == balancerPort && s[2] != 0x0A /* LISTEN */) {
                    clients++;
                    kind = "client :" + s[1];
                } else if (s != null && backendPorts.contains(s[1])) {
                    backends++;
                    kind = "backend :" + s[1];
                }
                detail.add(fd.getFileName() + " -> " + target + " (" + kind + ")");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot list the descriptors of " + pid, e);
        }
        return new FdCensus(total, clients, backends, detail);
    }

    private static int port(String hexAddress) {
        return Integer.parseInt(hexAddress.substring(hexAddress.indexOf(':') + 1), 16);
    }

    @Override
    public String toString() {
        return total + " fds: " + clients + " client sockets, " + backends + " backend sockets, " + others() + " others";
    }
}
