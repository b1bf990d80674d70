package io.ringlb.balancer.accesslog;

import io.ringlb.balancer.traffic.RequestTrace;
import io.ringlb.balancer.traffic.TraceRing;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access log's own thread: takes finished requests from every event loop's {@link TraceRing},
 * formats them and writes them in batches, so that no event loop ever formats a line, touches a
 * file or waits. It looks at the rings every few milliseconds; a ring that fills in the meantime
 * drops (and its loop counts) what does not fit. A failing disk costs log lines, never requests.
 */
public final class AccessLogWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(AccessLogWriter.class);
    private static final long IDLE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final int BATCH_BYTES = 64 * 1024;

    private final AccessLogSettings settings;
    private final List<TraceRing> rings;
    private final LineFormat format;
    private final ByteArrayOutputStream batch = new ByteArrayOutputStream(BATCH_BYTES * 2);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Thread thread;
    private LogFile file;
    private volatile boolean reopen;
    private volatile boolean stopping;

    /**
     * Opens the log (so that a bad path fails at start) and starts the thread.
     *
     * @throws IOException if the file cannot be opened
     */
    public AccessLogWriter(AccessLogSettings settings, List<TraceRing> rings) throws IOException {
        this.settings = settings;
        this.rings = List.copyOf(rings);
        this.format = LineFormat.of(settings.format());
        this.file = new LogFile(settings.path(), settings.maxBytes(), settings.keep());
        this.thread = new Thread(this::run, "ringlb-access-log");
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks for the file to be closed and opened again (SIGHUP, after an outside rotation). */
    public void reopen() {
        reopen = true;
        LockSupport.unpark(thread);
    }

    /** Lines written so far. */
    public long written() {
        return written.get();
    }

    /** Lines lost to write errors (a full disk, a removed directory). */
    public long failed() {
        return failed.get();
    }

    private void run() {
        while (true) {
            boolean last = stopping; // read before draining: what was offered before close() is written
            if (reopen) {
                reopen = false;
                reopenNow();
            }
            int n = drain();
            if (last) {
                return;
            }
            if (n == 0) {
                LockSupport.parkNanos(this, IDLE_PAUSE_NANOS);
            }
        }
    }

    /** Writes everything waiting in the rings; returns how many lines. */
    private int drain() {
        int total = 0;
        int lines = 0;
        for (TraceRing ring : rings) {
            RequestTrace t;
            while ((t = ring.peek()) != null) {
                try {
                    format.write(t, batch);
                    lines++;
                } catch (IOException | RuntimeException e) {
                    failed.incrementAndGet(); // a line that cannot be formatted is skipped, not retried
                }
                ring.consumed();
                if (batch.size() >= BATCH_BYTES) {
                    total += flush(lines);
                    lines = 0;
                }
            }
        }
        return total + flush(lines);
    }

    private int flush(int lines) {
        if (batch.size() == 0) {
            return lines;
        }
        try {
            file.write(batch.toByteArray(), batch.size());
            written.addAndGet(lines);
        } catch (IOException e) {
            if (failed.getAndAdd(lines) == 0) {
                log.warn("access log {}: {} (lines are dropped until it works again)", where(), e.toString());
            }
        }
        batch.reset();
        return lines;
    }

    private void reopenNow() {
        try {
            file.close();
        } catch (IOException e) {
            log.debug("access log close: {}", e.toString());
        }
        try {
            file = new LogFile(settings.path(), settings.maxBytes(), settings.keep());
            log.info("access log {} reopened", where());
        } catch (IOException e) {
            log.warn("access log {} could not be reopened: {}", where(), e.toString());
        }
    }

    private String where() {
        return settings.path() == null ? "(stdout)" : settings.path().toString();
    }

    /** Writes what is waiting, then closes the file. */
    @Override
    public void close() {
        stopping = true;
        LockSupport.unpark(thread);
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            file.close();
        } catch (IOException e) {
            log.debug("access log close: {}", e.toString());
        }
    }
}
