package io.ringlb.analysis.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies a child process's output to a log file on a daemon thread, for as long as the child
 * writes (so it never blocks on a full pipe), and completes {@link #match()} with the first
 * match of a pattern. If the output ends first, {@code match()} fails with the last lines.
 */
final class OutputPump {

    private static final int TAIL_LINES = 15;

    private final CompletableFuture<Matcher> match = new CompletableFuture<>();
    private final Deque<String> tail = new ArrayDeque<>();

    private OutputPump() {
    }

    /** Starts copying {@code output} to {@code logFile}, watching for {@code pattern}. */
    static OutputPump start(InputStream output, Path logFile, Pattern pattern, String threadName) throws IOException {
        OutputPump pump = new OutputPump();
        Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8);
        Thread t = new Thread(() -> pump.copy(output, log, pattern), threadName);
        t.setDaemon(true);
        t.start();
        return pump;
    }

    private void copy(InputStream output, Writer log, Pattern pattern) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(output, StandardCharsets.UTF_8)); log) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                log.write(line);
                log.write('\n');
                log.flush();
                remember(line);
                Matcher m = pattern.matcher(line);
                if (!match.isDone() && m.find()) {
                    match.complete(m);
                }
            }
        } catch (IOException e) {
            remember("(reading the output failed: " + e.getMessage() + ")");
        }
        match.completeExceptionally(new IOException("the output ended"));
    }

    private synchronized void remember(String line) {
        if (tail.size() == TAIL_LINES) {
            tail.removeFirst();
        }
        tail.addLast(line);
    }

    /** The first line matching the pattern; fails if the output ends without one. */
    CompletableFuture<Matcher> match() {
        return match;
    }

    /** The last lines written, for error messages. */
    synchronized String tail() {
        return String.join("\n", tail);
    }
}
