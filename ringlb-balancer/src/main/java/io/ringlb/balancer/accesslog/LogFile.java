package io.ringlb.balancer.accesslog;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Where access log lines go: a file opened for appending, rotated by size ({@code PATH} becomes
 * {@code PATH.1}, {@code PATH.1} becomes {@code PATH.2}, ... up to {@code keep}, the oldest deleted),
 * or standard output. Reopening (after logrotate moved it away) is closing it and making a new one.
 * Used by the writer thread only.
 */
final class LogFile implements AutoCloseable {

    private final Path path;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;

    LogFile(Path path, long maxBytes, int keep) throws IOException {
        this.path = path;
        this.maxBytes = maxBytes;
        this.keep = keep;
        open();
    }

    private void open() throws IOException {
        if (path == null) {
            out = new FileOutputStream(FileDescriptor.out); // not System.out: no lock shared with the logger
            return;
        }
        Path dir = path.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        out = Files.newOutputStream(path, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        size = Files.size(path);
    }

    /** Writes one batch of whole lines, then rotates if the file has grown past its limit. */
    void write(byte[] buf, int len) throws IOException {
        out.write(buf, 0, len);
        out.flush();
        size += len;
        if (path != null && maxBytes > 0 && size >= maxBytes) {
            rotate();
        }
    }

    private void rotate() throws IOException {
        out.close();
        if (keep == 0) {
            Files.deleteIfExists(path);
        } else {
            Files.deleteIfExists(numbered(keep));
            for (int i = keep - 1; i >= 1; i--) {
                if (Files.exists(numbered(i))) {
                    Files.move(numbered(i), numbered(i + 1), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Files.move(path, numbered(1), StandardCopyOption.REPLACE_EXISTING);
        }
        open();
    }

    private Path numbered(int i) {
        return path.resolveSibling(path.getFileName() + "." + i);
    }

    @Override
    public void close() throws IOException {
        if (path != null) {
            out.close();
        } else {
            out.flush();
        }
    }
}
