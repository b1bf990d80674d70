package io.ringlb.cli.it;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Continuous GETs of {@code /home} through several balancers at once, a few threads each, until
 * stopped; every request ends as a 200 or a counted failure. Bounded by the time the test runs
 * it and by the threads' one request in flight each.
 */
public final class Load implements AutoCloseable {

    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger ok = new AtomicInteger();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Starts {@code threadsPerUrl} threads sending GETs to each of {@code urls}. */
    public Load(Http http, List<String> urls, int threadsPerUrl) {
        for (String url : urls) {
            for (int i = 0; i < threadsPerUrl; i++) {
                Thread t = new Thread(() -> run(http, url), "load-" + url);
                t.setDaemon(true);
                t.start();
                threads.add(t);
            }
        }
    }

    private void run(Http http, String url) {
        HttpRequest req = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build();
        while (running.get()) {
            try {
                HttpResponse<String> r = http.client().send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    ok.incrementAndGet();
                } else {
                    failures.merge(url + " -> " + r.statusCode() + ": " + r.body(), 1, Integer::sum);
                }
            } catch (Exception e) {
                failures.merge(url + " -> " + e, 1, Integer::sum);
            }
        }
    }

    public int ok() {
        return ok.get();
    }

    /** Failed requests, by URL and what went wrong. */
    public Map<String, Integer> failures() {
        return new TreeMap<>(failures);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(15_000);
        }
    }
}
