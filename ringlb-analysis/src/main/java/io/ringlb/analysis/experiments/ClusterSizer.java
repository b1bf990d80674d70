package io.ringlb.analysis.experiments;

import io.ringlb.analysis.AnalysisException;
import io.ringlb.analysis.harness.BalancerClient;
import io.ringlb.analysis.harness.ReplicaSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Changes a balancer's replica count through {@code /add} and {@code /rm} only, and can put the
 * original replicas back. New replicas are called {@code server<k>} with the smallest k not in use
 * and not used before in this session (a removed name stays reserved while the replica drains);
 * shrinking removes the most recently added replicas first.
 */
final class ClusterSizer {

    private static final long NAME_WAIT_MILLIS = 40_000;

    private final BalancerClient client;
    private final Set<String> used = new HashSet<>();
    private ReplicaSet current;

    ClusterSizer(BalancerClient client) {
        this.client = client;
        this.current = client.replicas();
        used.addAll(current.names());
    }

    ReplicaSet current() {
        return current;
    }

    /** Adds or removes replicas until there are {@code n}. */
    ReplicaSet resize(int n) {
        if (current.n() < n) {
            List<String> names = new ArrayList<>();
            for (int k = 1; names.size() < n - current.n(); k++) {
                if (!used.contains("server" + k)) {
                    names.add("server" + k);
                }
            }
            used.addAll(names);
            current = client.add(names.size(), names);
        } else if (current.n() > n) {
            List<String> newest = current.names().subList(n, current.n());
            current = client.remove(newest.size(), List.copyOf(newest));
        }
        if (current.n() != n) {
            throw new AnalysisException("asked the balancer for " + n + " replicas, it reports " + current.n());
        }
        return current;
    }

    /**
     * Brings back exactly {@code original}'s names: removes the others, then re-adds the missing
     * ones, waiting (up to 40 s) while a removed name is still draining.
     */
    ReplicaSet restore(ReplicaSet original) throws InterruptedException {
        current = client.replicas();
        List<String> extra = current.names().stream().filter(name -> !original.contains(name)).toList();
        if (!extra.isEmpty()) {
            current = client.remove(extra.size(), extra);
        }
        List<String> missing = original.names().stream().filter(name -> !current.contains(name)).toList();
        long deadline = System.currentTimeMillis() + NAME_WAIT_MILLIS;
        while (!missing.isEmpty()) {
            try {
                current = client.add(missing.size(), missing);
                return current;
            } catch (AnalysisException e) {
                if (!e.getMessage().contains("already exists") || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(200);
            }
        }
        return current;
    }
}
