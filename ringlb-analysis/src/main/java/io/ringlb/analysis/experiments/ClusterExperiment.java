package io.ringlb.analysis.experiments;

import io.ringlb.analysis.AnalysisException;
import io.ringlb.analysis.harness.BalancerClient;
import io.ringlb.analysis.harness.ListeningSockets;
import io.ringlb.analysis.harness.ReplicaSet;
import io.ringlb.analysis.harness.RunningBalancer;
import io.ringlb.analysis.load.LoadResult;
import io.ringlb.analysis.load.LoadRun;
import io.ringlb.analysis.load.ProgressDisplay;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Several instances of one ringlb cluster ({@code --target URL1,URL2,...}): the same keys through
 * each (how many land on the same replica everywhere), then SIGKILL of the leader instance under
 * load through another instance, watching {@code /rep} on the survivors until a new leader
 * leads and N is back. Only a leader whose process runs on this machine is killed.
 */
public final class ClusterExperiment {

    private static final Duration CALM = Duration.ofMillis(1500);
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(60);
    private static final Duration BUCKET = Duration.ofMillis(250);
    static final String INSTANCE = "x-ringlb-instance";
    static final String LEADER = "x-ringlb-leader";

    private ClusterExperiment() {
    }

    /** What one instance's {@code /rep} said. */
    private record Seen(String instance, String leader, ReplicaSet replicas, String body) {
    }

    public static ClusterResult run(List<URI> targets, LoadDriver driver) throws InterruptedException {
        List<BalancerClient> clients = targets.stream().map(u -> new BalancerClient(u, driver.options().timeout())).toList();
        driver.console().printf(Locale.ROOT, "%n== cluster: %d instances: %s%n", clients.size(), targets);
        for (BalancerClient c : clients) {
            if (see(c) == null) {
                throw new AnalysisException(c.base() + " does not answer /rep as a cluster instance (no " + INSTANCE + " field)");
            }
        }
        ClusterAgreement agreement = ClusterAgreement.measure(clients, driver.options().requests(), driver.options().concurrency());
        driver.console().printf(Locale.ROOT, "  agreement: %,d of %,d keys (%.2f%%) on the same replica through all %d instances; %,d failed%n",
                agreement.agreed(), agreement.keys(), 100 * agreement.agreement(), clients.size(), agreement.failed());
        LeaderKill kill = killLeader(clients, driver);
        return new ClusterResult(agreement, kill);
    }

    /** {@code /rep} of one instance with its role fields, or null when it does not answer as a cluster instance. */
    private static Seen see(BalancerClient c) {
        HttpResponse<String> r = c.get("/rep", null, null);
        if (r == null || r.statusCode() != 200 || r.headers().firstValue(INSTANCE).isEmpty()) {
            return null;
        }
        var body = BalancerClient.parse(r.body());
        if (body == null) {
            return null;
        }
        return new Seen(r.headers().firstValue(INSTANCE).get(), r.headers().firstValue(LEADER).orElse(""),
                ReplicaSet.fromBody(body), body.path("message").toString());
    }

    private static LeaderKill killLeader(List<BalancerClient> clients, LoadDriver driver) throws InterruptedException {
        List<Seen> before = clients.stream().map(ClusterExperiment::see).toList();
        String leader = before.get(0) == null ? "" : before.get(0).leader();
        int leaderIndex = -1;
        for (int i = 0; i < clients.size(); i++) {
            if (before.get(i) != null && before.get(i).instance().equals(leader)) {
                leaderIndex = i;
            }
        }
        if (leaderIndex < 0) {
            throw new AnalysisException("the leader the instances name ('" + leader + "') is none of the --target URLs; list every instance");
        }
        BalancerClient leaderClient = clients.get(leaderIndex);
        List<BalancerClient> survivors = new ArrayList<>(clients);
        survivors.remove(leaderIndex);
        BalancerClient through = survivors.get(0);
        int nBefore = before.get(leaderIndex).replicas().n();
        Optional<ProcessHandle> process = local(leaderClient.base()) ? ListeningSockets.listener(leaderClient.base().getPort()) : Optional.empty();

        LoadRun run = driver.steady(new RunningBalancer(through), CALM.multipliedBy(2).plus(RECOVERY_LIMIT).plusSeconds(5), BUCKET);
        double killedAt = Double.NaN;
        double newLeaderAt = Double.NaN;
        double droppedAt = Double.NaN;
        double restoredAt = Double.NaN;
        String newLeader = "";
        String note;
        LoadResult load;
        try (ProgressDisplay bar = ProgressDisplay.show("cluster: leader kill", -1, run::completed, driver.options().progress())) {
            Thread.sleep(CALM.toMillis());
            if (process.isEmpty()) {
                note = "the leader " + leader + " (" + leaderClient.base() + ") is not one local process listening on its port: it was not killed";
            } else {
                note = "SIGKILL to the leader instance " + leader + " (pid " + process.get().pid() + ", " + leaderClient.base() + ")";
                killedAt = since(run);
                process.get().destroyForcibly();
                long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
                while (System.nanoTime() - deadline < 0 && Double.isNaN(restoredAt)) {
                    List<Seen> now = survivors.stream().map(ClusterExperiment::see).toList();
                    double t = since(run);
                    Set<String> leaders = new HashSet<>();
                    Set<String> bodies = new HashSet<>();
                    boolean all = true;
                    for (Seen s : now) {
                        all &= s != null;
                        if (s != null) {
                            leaders.add(s.leader());
                            bodies.add(s.body());
                            if (s.replicas().n() < nBefore && Double.isNaN(droppedAt)) {
                                droppedAt = t;
                            }
                        }
                    }
                    if (all && leaders.size() == 1 && !leaders.contains(leader) && !leaders.contains("") && Double.isNaN(newLeaderAt)) {
                        newLeaderAt = t;
                        newLeader = leaders.iterator().next();
                    }
                    boolean settled = !Double.isNaN(newLeaderAt) && (!Double.isNaN(droppedAt) || t - newLeaderAt > 2);
                    if (all && settled && bodies.size() == 1 && now.get(0).replicas().n() >= nBefore) {
                        restoredAt = t;
                    }
                    Thread.sleep(20);
                }
            }
            Thread.sleep(CALM.toMillis());
            run.stop();
            load = run.await();
        } finally {
            run.stop();
        }
        long failed = Double.isNaN(killedAt) ? 0
                : Failover.failuresBetween(load.series(), killedAt, Double.isNaN(restoredAt) ? Double.MAX_VALUE : restoredAt);
        LeaderKill k = new LeaderKill(leader, leaderClient.base().toString(), process.map(ProcessHandle::pid).orElse(-1L), note,
                through.base().toString(), nBefore, killedAt, newLeader, newLeaderAt, droppedAt, restoredAt, failed, load,
                through.replicas().names());
        report(driver, k);
        return k;
    }

    private static boolean local(URI u) {
        String h = u.getHost();
        return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
    }

    private static double since(LoadRun run) {
        return (System.nanoTime() - run.startNanos()) / 1e9;
    }

    private static void report(LoadDriver driver, LeaderKill k) {
        driver.console().printf(Locale.ROOT, "  %s%n", k.note());
        if (k.killed()) {
            driver.console().printf(Locale.ROOT, "  new leader %s after %s; N=%d restored after %s; %,d of %,d requests through %s failed in the recovery%n",
                    k.newLeader().isEmpty() ? "(none)" : k.newLeader(), ms(k.newLeaderAt() - k.killedAt()), k.nBefore(),
                    k.restored() ? ms(k.restoredAt() - k.killedAt()) : "NOT within 60 s", k.failedInRecovery(), k.load().sent(), k.through());
        }
    }

    private static String ms(double seconds) {
        return Double.isNaN(seconds) ? "never" : String.format(Locale.ROOT, "%.0f ms", seconds * 1000);
    }
}
