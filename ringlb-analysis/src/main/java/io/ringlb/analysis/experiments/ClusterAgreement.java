package io.ringlb.analysis.experiments;

import io.ringlb.analysis.harness.BalancerClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutionException;

/**
 * The cluster experiment's first half: the same keys (as {@code X-Request-Id}) through every
 * instance; a key agrees when every instance sent it to the same replica.
 *
 * @param instances  the instances, as labels (their URLs), in order
 * @param keys       keys sent through each instance
 * @param agreed     keys every instance sent to the same replica
 * @param failed     requests that got no 200 (over all instances)
 * @param perReplica instance label to replica to requests it sent there
 * @param versions   instance label to the ring versions ({@code X-Ring-Version}) its answers carried
 */
public record ClusterAgreement(List<String> instances, long keys, long agreed, long failed,
                               Map<String, Map<String, Long>> perReplica, Map<String, List<String>> versions) {

    /** The share of keys that agreed. */
    public double agreement() {
        return keys == 0 ? 0 : (double) agreed / keys;
    }

    /** Sends {@code keys} random keys through each of {@code clients}, {@code threads} at a time. */
    static ClusterAgreement measure(List<BalancerClient> clients, long keys, int threads) throws InterruptedException {
        Random random = new Random(42);
        List<String> keyList = new ArrayList<>();
        for (long i = 0; i < keys; i++) {
            keyList.add(Long.toString(random.nextLong() & Long.MAX_VALUE, 36));
        }
        List<String> labels = clients.stream().map(c -> c.base().toString()).toList();
        List<String[]> owners = new ArrayList<>(); // per instance: key index to replica (null: failed)
        Map<String, Map<String, Long>> perReplica = new LinkedHashMap<>();
        Map<String, List<String>> versions = new LinkedHashMap<>();
        long failed = 0;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, 32)));
        try {
            for (BalancerClient c : clients) {
                List<Future<String[]>> answers = new ArrayList<>();
                for (String key : keyList) {
                    answers.add(pool.submit(() -> {
                        HttpResponse<String> r = c.get("/home", "X-Request-Id", key);
                        if (r == null || r.statusCode() != 200) {
                            return null;
                        }
                        return new String[] {r.headers().firstValue("x-served-by").orElse("?"),
                                r.headers().firstValue("x-ring-version").orElse("none")};
                    }));
                }
                String[] replicaOf = new String[keyList.size()];
                Map<String, Long> counts = new TreeMap<>();
                TreeSet<String> seen = new TreeSet<>();
                for (int i = 0; i < answers.size(); i++) {
                    String[] a = answers.get(i).get();
                    if (a == null) {
                        failed++;
                        continue;
                    }
                    replicaOf[i] = a[0];
                    counts.merge(a[0], 1L, Long::sum);
                    seen.add(a[1]);
                }
                owners.add(replicaOf);
                perReplica.put(c.base().toString(), counts);
                versions.put(c.base().toString(), List.copyOf(seen));
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("a request of the agreement run failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        long agreed = 0;
        for (int i = 0; i < keyList.size(); i++) {
            String first = owners.get(0)[i];
            boolean same = first != null;
            for (String[] o : owners) {
                same &= first != null && first.equals(o[i]);
            }
            agreed += same ? 1 : 0;
        }
        return new ClusterAgreement(labels, keys, agreed, failed, perReplica, versions);
    }
}
