package io.ringlb.docker;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Polls a condition until it holds or a deadline passes. */
final class Eventually {

    private Eventually() {
    }

    /** Waits until {@code condition} holds, failing with {@code state} after {@code limit}; returns the ms it took. */
    static long within(Duration limit, BooleanSupplier condition, Supplier<String> state) throws InterruptedException {
        long t0 = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - t0 > limit.toNanos()) {
                fail("not within " + limit.toMillis() + " ms: " + state.get());
            }
            Thread.sleep(50);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
