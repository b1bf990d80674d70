package io.ringlb.balancer.accesslog;

import java.nio.file.Path;

/**
 * The access log's configuration ({@code --access-log*}).
 *
 * @param path      the file, or null for standard output ({@code --access-log -})
 * @param format    one JSON object per line, or the combined-log-like text line
 * @param maxBytes  rotate when the file reaches this size (0: never by size; SIGHUP still reopens)
 * @param keep      rotated files kept: {@code PATH.1} (newest) .. {@code PATH.keep}
 * @param queue     entries each event loop may have waiting for the writer; past that, lines are
 *                  dropped and counted rather than the loop waiting
 */
public record AccessLogSettings(Path path, Format format, long maxBytes, int keep, int queue) {

    /** The line formats. */
    public enum Format { JSON, TEXT }

    public static final int DEFAULT_QUEUE = 8192;

    public AccessLogSettings {
        if (maxBytes < 0 || keep < 0 || queue < 1) {
            throw new IllegalArgumentException("access log: size, keep and queue must not be negative");
        }
    }
}
