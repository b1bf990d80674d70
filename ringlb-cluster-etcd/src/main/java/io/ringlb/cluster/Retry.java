package io.ringlb.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** Runs an asynchronous step again later, on the control thread. */
final class Retry {

    private Retry() {
    }

    /** Completes as {@code step} does, started {@code delayMs} from now on {@code control}. */
    static <T> CompletableFuture<T> later(ScheduledExecutorService control, long delayMs, Supplier<CompletableFuture<T>> step) {
        CompletableFuture<T> result = new CompletableFuture<>();
        control.schedule(() -> step.get().whenComplete((v, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(v);
            }
        }), delayMs, TimeUnit.MILLISECONDS);
        return result;
    }
}
