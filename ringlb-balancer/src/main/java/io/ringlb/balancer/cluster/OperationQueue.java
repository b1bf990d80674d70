package io.ringlb.balancer.cluster;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Runs asynchronous operations one after another on a control thread: each starts once the one
 * before has finished (however it ended), so operations never interleave. Failures reach the
 * caller unwrapped.
 */
public final class OperationQueue {

    private final Executor control;
    // Control-thread state.
    private CompletableFuture<?> last = CompletableFuture.completedFuture(null);

    public OperationQueue(Executor control) {
        this.control = control;
    }

    /** Runs {@code op} on the control thread after every operation queued before it has finished. */
    public <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> op) {
        CompletableFuture<T> result = new CompletableFuture<>();
        control.execute(() -> {
            CompletableFuture<T> run = last.handleAsync((v, e) -> null, control).thenCompose(v -> op.get());
            last = run;
            run.whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(unwrap(e));
                } else {
                    result.complete(v);
                }
            });
        });
        return result;
    }

    /** The cause inside completion and execution wrappers. */
    public static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    /** The message of {@link #unwrap}'s cause, or its class name. */
    public static String rootMessage(Throwable e) {
        Throwable t = unwrap(e);
        return t.getMessage() != null ? t.getMessage() : t.getClass().getSimpleName();
    }
}
