package io.ringlb.analysis.harness;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which local process listens on a TCP port, read from Linux's {@code /proc}: the listening
 * sockets' inodes from {@code /proc/net/tcp} and {@code tcp6}, and a process's open sockets from
 * {@code /proc/PID/fd}. Elsewhere {@link #available()} is false.
 */
public final class ListeningSockets {

    private static final Path PROC = Path.of("/proc");
    private static final String LISTEN = "0A";

    private ListeningSockets() {
    }

    static boolean available() {
        return Files.isReadable(PROC.resolve("net/tcp"));
    }

    /** The inodes of the sockets listening on {@code port}, on any address, IPv4 or IPv6. */
    static Set<Long> listeningOn(int port) {
        Set<Long> inodes = new HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                for (String line : Files.readAllLines(PROC.resolve(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[3].equals(LISTEN) && f[1].endsWith(":" + String.format("%04X", port))) {
                        inodes.add(Long.parseLong(f[9]));
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // A table missing (no IPv6) or unreadable: it lists nothing.
            }
        }
        return inodes;
    }

    /** Whether process {@code pid} holds one of the sockets {@code inodes} (false if its fds cannot be read). */
    static boolean holdsAny(long pid, Set<Long> inodes) {
        if (inodes.isEmpty()) {
            return false;
        }
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(PROC.resolve(pid + "/fd"))) {
            for (Path fd : fds) {
                String link = readLink(fd);
                if (link.startsWith("socket:[") && inodes.contains(Long.parseLong(link.substring(8, link.length() - 1)))) {
                    return true;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }

    /** The local process listening on {@code port}, if exactly one does (Linux only; empty elsewhere). */
    public static java.util.Optional<ProcessHandle> listener(int port) {
        if (!available()) {
            return java.util.Optional.empty();
        }
        Set<Long> sockets = listeningOn(port);
        List<ProcessHandle> holders = ProcessHandle.allProcesses().filter(p -> holdsAny(p.pid(), sockets)).toList();
        return holders.size() == 1 ? java.util.Optional.of(holders.get(0)) : java.util.Optional.empty();
    }

    private static String readLink(Path fd) {
        try {
            return Files.readSymbolicLink(fd).toString();
        } catch (IOException e) {
            return ""; // closed since the listing
        }
    }
}
