package io.ringlb.cli.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringlb.cli.it.Http;
import io.ringlb.cli.it.RinglbProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Balancer instances of one cluster, each a real {@code ringlb start --cluster-store ...} process with process replicas. */
final class Instances implements AutoCloseable {

    static final String TTL = "5s";

    final Http http = new Http();
    final List<RinglbProcess> all = new ArrayList<>();
    private final String store;
    private final String cluster;

    Instances(String store, String cluster) {
        this.store = store;
        this.cluster = cluster;
    }

    /** Starts instance {@code name}; returns once it listens (it then serves the cluster's ring). */
    RinglbProcess start(String name, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of("--cluster-store", store, "--cluster", cluster, "--cluster-instance", name,
                "--cluster-lease-ttl", TTL, "--replicas", "3", "--heartbeat-interval", "250ms"));
        args.addAll(List.of(more));
        RinglbProcess p = RinglbProcess.start(args.toArray(String[]::new));
        all.add(p);
        return p;
    }

    Http.Response rep(RinglbProcess p) {
        return http.get(p.url("/rep"));
    }

    static List<String> names(Http.Response rep) {
        List<String> names = new ArrayList<>();
        rep.json().path("message").path("replicas").forEach(n -> names.add(n.asText()));
        return names;
    }

    static long version(Http.Response rep) {
        return rep.json().path("message").path("version").asLong(-1);
    }

    /** The /rep message (replicas and version) of every instance in {@code of}, as text. */
    List<String> views(List<RinglbProcess> of) {
        return of.stream().map(p -> rep(p).json().path("message").toString()).toList();
    }

    /** Whether every instance in {@code of} answers /rep the same, with N = {@code n}. */
    boolean agree(List<RinglbProcess> of, int n) {
        List<String> v = views(of);
        return v.stream().distinct().count() == 1 && names(rep(of.get(0))).size() == n;
    }

    /** The pid of the replica process called {@code name}, whichever instance runs it, or -1. */
    long replicaPid(String name) {
        for (RinglbProcess p : all) {
            if (p.process().isAlive()) {
                long pid = p.replicaPid(name);
                if (pid > 0) {
                    return pid;
                }
            }
        }
        return -1;
    }

    /** Lines containing {@code text} in every instance's output so far. */
    long countLogLines(String text) {
        return all.stream().flatMap(p -> p.log().lines()).filter(l -> l.contains(text)).count();
    }

    /** Polls {@code condition} every 20 ms; the milliseconds it took, or fails after {@code within}. */
    static long await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long t0 = System.nanoTime();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - t0 > within.toNanos()) {
                assertThat(condition.getAsBoolean()).as(what + " within " + within.toMillis() + " ms").isTrue();
            }
            Thread.sleep(20);
        }
        return (System.nanoTime() - t0) / 1_000_000;
    }

    @Override
    public void close() {
        for (RinglbProcess p : all) {
            p.close();
        }
    }
}
