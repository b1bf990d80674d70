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

    /** Whether every instance in {@code of} answers /rep the same (each asked once), with N = {@code n}. */
    boolean agree(List<RinglbProcess> of, int n) {
        List<String> names = agreed(of);
        return names != null && names.size() == n;
    }

    /**
     * The replicas every instance in {@code of} lists, when all answer /rep the same (replicas and
     * version); null if they differ. Each is asked once, so that what is checked of the answer is
     * one state of each instance, not two states read a moment apart.
     */
    List<String> agreed(List<RinglbProcess> of) {
        List<Http.Response> reps = of.stream().map(this::rep).toList();
        boolean same = reps.stream().map(r -> r.json().path("message").toString()).distinct().count() == 1;
        return same ? names(reps.get(0)) : null;
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

    /** The pids of every replica process called {@code name} (a draining one and a new one...), whichever instances run them. */
    List<Long> replicaPids(String name) {
        return all.stream().filter(p -> p.process().isAlive()).flatMap(p -> p.replicaPids(name).stream()).toList();
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
