package io.ringlb.docker;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Continuous {@code GET /home} from a few threads, each over its own keep-alive connection,
 * counting answers that are not a 200 from a replica. Stops by itself after {@code limit}.
 */
final class GetLoad implements AutoCloseable {

    private final URI uri;
    private final long until;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private volatile boolean stop;

    GetLoad(InetSocketAddress balancer, int threadCount, Duration limit) {
        this.uri = URI.create("http://" + balancer.getAddress().getHostAddress() + ":" + balancer.getPort() + "/home");
        this.until = System.nanoTime() + limit.toNanos();
        for (int i = 0; i < threadCount; i++) {
            Thread t = new Thread(this::run, "get-load-" + i);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    private void run() {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest req = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
        while (!stop && System.nanoTime() - until < 0) {
            try {
                HttpResponse<String> r = client.send(req, HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200 && r.body().contains("Hello from Server: ")) {
                    ok.incrementAndGet();
                } else {
                    record(r.statusCode() + " " + r.body());
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                record(e.toString());
            }
        }
    }

    private void record(String what) {
        failed.incrementAndGet();
        if (failures.size() < 10) {
            failures.add(what);
        }
    }

    int ok() {
        return ok.get();
    }

    int failed() {
        return failed.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    @Override
    public void close() throws InterruptedException {
        stop = true;
        for (Thread t : threads) {
            t.join(15_000);
        }
    }
}
