package io.ringlb.balancer.cluster;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends {@code GET /heartbeat} to replicas. Control-plane traffic only (a few requests a second),
 * so it uses the JDK's HTTP client rather than the proxy's event loops.
 */
public final class HeartbeatClient {

    private static final Duration READY_POLL = Duration.ofMillis(50);

    private final HttpClient http;
    private final Duration timeout;
    private final ScheduledExecutorService scheduler;

    /**
     * @param timeout   how long one heartbeat may take
     * @param executor  runs the HTTP client's callbacks
     * @param scheduler runs polling delays
     */
    public HeartbeatClient(Duration timeout, Executor executor, ScheduledExecutorService scheduler) {
        this.timeout = timeout;
        this.scheduler = scheduler;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .executor(executor)
                .build();
    }

    /** Completes with null when the replica answered 200, or with the reason it did not. */
    public CompletableFuture<String> check(InetSocketAddress address) {
        HttpRequest req = HttpRequest.newBuilder(uri(address))
                .timeout(timeout)
                .GET()
                .build();
        return http.sendAsync(req, HttpResponse.BodyHandlers.discarding())
                .handle((resp, err) -> {
                    if (err != null) {
                        return describe(err);
                    }
                    return resp.statusCode() == 200 ? null : "status " + resp.statusCode();
                });
    }

    /**
     * Polls every 50 ms until the replica answers 200; fails with the last reason after
     * {@code deadline}, or at once when {@code abort} completes (the replica exited).
     */
    public CompletableFuture<Void> awaitReady(InetSocketAddress address, Duration deadline, CompletableFuture<?> abort) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        long until = System.nanoTime() + deadline.toNanos();
        abort.whenComplete((v, e) -> ready.completeExceptionally(
                new IOException("exited before answering its first heartbeat")));
        poll(address, until, deadline, ready);
        return ready;
    }

    private void poll(InetSocketAddress address, long until, Duration deadline, CompletableFuture<Void> ready) {
        if (ready.isDone()) {
            return;
        }
        check(address).whenComplete((reason, err) -> {
            if (reason == null && err == null) {
                ready.complete(null);
            } else if (System.nanoTime() - until >= 0) {
                ready.completeExceptionally(new TimeoutException("no good heartbeat within "
                        + deadline.toMillis() + " ms (last: " + (reason != null ? reason : err) + ")"));
            } else {
                scheduler.schedule(() -> poll(address, until, deadline, ready), READY_POLL.toMillis(), TimeUnit.MILLISECONDS);
            }
        });
    }

    /** {@code http://host:port/heartbeat}, with brackets around IPv6 literals. */
    static URI uri(InetSocketAddress address) {
        String host = address.getAddress() != null ? address.getAddress().getHostAddress() : address.getHostString();
        if (host.indexOf(':') >= 0) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + address.getPort() + "/heartbeat");
    }

    private static String describe(Throwable err) {
        Throwable t = err;
        while (t.getCause() != null && (t instanceof java.util.concurrent.CompletionException || t.getMessage() == null)) {
            t = t.getCause();
        }
        String msg = t.getMessage();
        return t.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }
}
