package io.ringlb.core;

import java.util.concurrent.ThreadLocalRandom;

/** The assignment's request ids: random 6-digit numbers, 100000..999999. */
public final class RequestIds {

    public static final int MIN = 100_000;
    public static final int MAX = 999_999;

    private RequestIds() {
    }

    /** A uniformly random request id in {@code [MIN, MAX]}; thread-safe and allocation-free. */
    public static int random() {
        return ThreadLocalRandom.current().nextInt(MIN, MAX + 1);
    }
}
