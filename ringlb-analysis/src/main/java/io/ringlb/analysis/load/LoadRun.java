package io.ringlb.analysis.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One load run in progress: hands out request tickets to its connections (so that exactly
 * {@link LoadPlan#requests()} are sent, paced when the plan has a rate), and completes its result
 * once every connection has finished. Thread-safe.
 */
public final class LoadRun {

    private final LoadPlan plan;
    private final long startNanos;
    private final long deadlineNanos;
    private final double intervalNanos;
    private final LoadRecorder recorder;
    private final AtomicLong tickets = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final AtomicInteger activeConnections;
    private final CompletableFuture<LoadResult> finished = new CompletableFuture<>();

    LoadRun(LoadPlan plan, int connections) {
        this.plan = plan;
        this.startNanos = System.nanoTime();
        this.deadlineNanos = plan.timeBound() ? startNanos + plan.maxDuration().toNanos() : Long.MAX_VALUE;
        this.intervalNanos = plan.ratePerSecond() > 0 ? 1e9 / plan.ratePerSecond() : 0;
        this.recorder = new LoadRecorder(startNanos, plan.bucket().toNanos());
        this.activeConnections = new AtomicInteger(connections);
    }

    LoadPlan plan() {
        return plan;
    }

    LoadRecorder recorder() {
        return recorder;
    }

    /** The run's clock origin ({@link System#nanoTime()}); time-series buckets count from it. */
    public long startNanos() {
        return startNanos;
    }

    /**
     * The next request's ticket, or -1 when the run is over for the caller (all requests issued,
     * stopped, or the deadline reached). Each ticket must end in exactly one recorder outcome.
     */
    long nextTicket() {
        if (stopped.get() || (plan.timeBound() && System.nanoTime() - deadlineNanos >= 0)) {
            return -1;
        }
        long t = tickets.getAndIncrement();
        if (t >= plan.requests()) {
            return -1;
        }
        sent.incrementAndGet();
        return t;
    }

    /** How long to wait before sending ticket {@code t}, so that a paced run keeps its rate. */
    long delayNanos(long ticket) {
        if (intervalNanos == 0) {
            return 0;
        }
        return startNanos + (long) (ticket * intervalNanos) - System.nanoTime();
    }

    /** Called once by each connection when it will send nothing more. */
    void connectionDone() {
        if (activeConnections.decrementAndGet() == 0) {
            finished.complete(recorder.result(sent.get()));
        }
    }

    /** Issues no new requests; those in flight still complete (or time out). */
    public void stop() {
        stopped.set(true);
    }

    /** Requests completed so far, answered or failed. */
    public long completed() {
        return recorder.completed();
    }

    /** The result, once every request has completed. */
    public CompletableFuture<LoadResult> finished() {
        return finished;
    }

    /** Waits for the result. */
    public LoadResult await() throws InterruptedException {
        try {
            return finished.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("load run failed: " + e.getCause(), e.getCause());
        }
    }
}
