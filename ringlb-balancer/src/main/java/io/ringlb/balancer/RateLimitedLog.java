package io.ringlb.balancer;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * A warning that may repeat thousands of times a second (refused connections, refused admin
 * requests) logged at most once per interval, with how many like it were left out since the
 * last line. Thread-safe and lock-free: callable from every event loop.
 */
public final class RateLimitedLog {

    private final Logger log;
    private final long intervalNanos;
    private final AtomicLong nextAt;
    private final LongAdder suppressed = new LongAdder();

    public RateLimitedLog(Logger log, Duration interval) {
        this.log = log;
        this.intervalNanos = interval.toNanos();
        this.nextAt = new AtomicLong(System.nanoTime());
    }

    /**
     * Logs {@code format} with {@code args} (SLF4J style) as a warning if none was logged within
     * the interval, else counts it for the next line.
     */
    public void warn(String format, Object... args) {
        log(Level.WARN, format, args);
    }

    /** As {@link #warn}, as an error. */
    public void error(String format, Object... args) {
        log(Level.ERROR, format, args);
    }

    private void log(Level level, String format, Object... args) {
        long now = System.nanoTime();
        long next = nextAt.get();
        if (now - next < 0 || !nextAt.compareAndSet(next, now + intervalNanos)) {
            suppressed.increment();
            return;
        }
        long left = suppressed.sumThenReset();
        if (left == 0) {
            log.atLevel(level).log(format, args);
            return;
        }
        Object[] more = java.util.Arrays.copyOf(args, args.length + 2);
        more[args.length] = left;
        more[args.length + 1] = intervalNanos / 1_000_000_000.0;
        log.atLevel(level).log(format + " ({} more like it left out, at most one line every {} s)", more);
    }
}
