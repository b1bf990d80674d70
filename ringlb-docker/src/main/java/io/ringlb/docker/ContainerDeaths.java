package io.ringlb.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.EventType;
import java.io.Closeable;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears, from the engine's event stream, when a cluster's container dies: killed from outside
 * ({@code docker kill}), crashed, or removed. The supervisor then replaces that replica at once
 * instead of waiting for its heartbeats to fail. If the stream breaks (the engine restarted), it
 * reconnects and replays what it missed; heartbeats still catch anything in between.
 */
final class ContainerDeaths implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ContainerDeaths.class);
    private static final long RECONNECT_MS = 1000;

    private final DockerClient events;
    private final String cluster;
    private final Map<String, CompletableFuture<Void>> watched = new ConcurrentHashMap<>();
    private final ScheduledExecutorService reconnect = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "docker-events-reconnect");
        t.setDaemon(true);
        return t;
    });
    private volatile Closeable stream;
    private volatile long lastEventSecond;
    private volatile boolean closed;

    private ContainerDeaths(DockerClient events, String cluster) {
        this.events = events;
        this.cluster = cluster;
    }

    /**
     * Subscribes to the deaths of {@code cluster}'s containers on the engine at {@code dockerHost},
     * waiting up to a few seconds for the stream to open. It uses a client of its own, without a
     * response timeout: the stream is silent for as long as nothing dies.
     */
    static ContainerDeaths start(String dockerHost, String cluster) {
        ContainerDeaths deaths = new ContainerDeaths(EngineClients.events(dockerHost), cluster);
        CountDownLatch open = new CountDownLatch(1);
        deaths.subscribe(null, open);
        try {
            if (!open.await(5, TimeUnit.SECONDS)) {
                log.warn("docker: the event stream did not open within 5 s; heartbeats alone will notice dead replicas until it does");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return deaths;
    }

    /** Completes when container {@code id} dies or is removed; call before starting it, so no death is missed. */
    CompletableFuture<Void> watch(String id) {
        return watched.computeIfAbsent(id, k -> new CompletableFuture<>());
    }

    /** Stops watching {@code id} (the balancer is removing it itself). */
    void forget(String id) {
        watched.remove(id);
    }

    private void subscribe(Long since, CountDownLatch open) {
        if (closed) {
            return;
        }
        var cmd = events.eventsCmd()
                .withEventTypeFilter(EventType.CONTAINER)
                .withEventFilter("die", "destroy")
                .withLabelFilter(ContainerLabels.clusterFilter(cluster));
        if (since != null) {
            cmd.withSince(Long.toString(since));
        }
        cmd.exec(new ResultCallback.Adapter<Event>() {
            @Override
            public void onStart(Closeable c) {
                stream = c;
                open.countDown();
            }

            @Override
            public void onNext(Event e) {
                died(e);
            }

            @Override
            public void onError(Throwable t) {
                if (!closed) {
                    log.warn("docker: event stream failed ({}); reconnecting in {} ms", t.toString(), RECONNECT_MS);
                    resubscribe();
                }
            }

            @Override
            public void onComplete() {
                if (!closed) {
                    log.warn("docker: event stream ended; reconnecting in {} ms", RECONNECT_MS);
                    resubscribe();
                }
            }
        });
    }

    private void resubscribe() {
        long since = lastEventSecond > 0 ? lastEventSecond : System.currentTimeMillis() / 1000 - 1;
        reconnect.schedule(() -> subscribe(since, new CountDownLatch(1)), RECONNECT_MS, TimeUnit.MILLISECONDS);
    }

    private void died(Event e) {
        if (e.getTime() != null) {
            lastEventSecond = e.getTime();
        }
        CompletableFuture<Void> f = e.getId() == null ? null : watched.remove(e.getId());
        if (f != null) {
            Map<String, String> attributes = e.getActor() == null || e.getActor().getAttributes() == null
                    ? Map.of() : e.getActor().getAttributes();
            log.warn("docker: container {}: {}{}", attributes.getOrDefault("name", e.getId()),
                    e.getAction() != null ? e.getAction() : e.getStatus(),
                    attributes.containsKey("exitCode") ? " with exit code " + attributes.get("exitCode") : "");
            f.complete(null);
        }
    }

    @Override
    public void close() {
        closed = true;
        reconnect.shutdownNow();
        try {
            Closeable s = stream;
            if (s != null) {
                s.close();
            }
            events.close();
        } catch (IOException e) {
            log.debug("docker: closing the event stream: {}", e.toString());
        }
    }
}
