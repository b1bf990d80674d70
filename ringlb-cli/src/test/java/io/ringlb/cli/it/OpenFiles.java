package io.ringlb.cli.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** A process's file descriptors and memory, read from {@code /proc} (Linux). */
final class OpenFiles {

    private OpenFiles() {
    }

    /**
     * How many file descriptors process {@code pid} has open, leaving out TCP connections to any
     * of {@code remotePorts} (a balancer's pooled replica connections, which outlive the requests
     * that opened them).
     */
    static int count(long pid, Set<Integer> remotePorts) throws IOException {
        Set<String> skipped = socketsTo(pid, remotePorts);
        int n = 0;
        try (Stream<Path> fds = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            for (Path fd : (Iterable<Path>) fds::iterator) {
                String target;
                try {
                    target = Files.readSymbolicLink(fd).toString();
                } catch (IOException e) {
                    continue; // closed while listed
                }
                if (!skipped.contains(target)) {
                    n++;
                }
            }
        }
        return n;
    }

    /** {@code socket:[INODE]} of each TCP socket of {@code pid}'s network namespace connected to one of {@code ports}. */
    private static Set<String> socketsTo(long pid, Set<Integer> ports) throws IOException {
        Set<String> sockets = new HashSet<>();
        for (String table : List.of("tcp", "tcp6")) {
            Path p = Path.of("/proc/" + pid + "/net/" + table);
            if (!Files.exists(p)) {
                continue;
            }
            List<String> lines = Files.readAllLines(p);
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.trim().split("\\s+");
                String remote = f[2];
                int port = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
                if (ports.contains(port)) {
                    sockets.add("socket:[" + f[9] + "]");
                }
            }
        }
        return sockets;
    }

    /** A field of {@code /proc/PID/status} in kB, such as {@code VmRSS} or {@code VmHWM} (the peak RSS). */
    static long statusKb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        throw new IOException(field + " not in /proc/" + pid + "/status");
    }
}
