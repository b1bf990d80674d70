package io.ringlb.analysis.experiments;

import io.ringlb.analysis.harness.BalancerClient;
import io.ringlb.analysis.harness.ReplicaSet;
import io.ringlb.analysis.harness.Target;
import io.ringlb.analysis.load.LoadResult;
import io.ringlb.analysis.load.LoadRun;
import io.ringlb.analysis.load.ProgressDisplay;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * A-3's second half: steady load, then SIGKILL of one replica's process, then {@code /rep} polled
 * until the balancer has as many replicas as before again (without the victim), then a little
 * more load to show the new steady state.
 */
final class FailoverExperiment {

    /** Load before the kill, and after the recovery. */
    private static final Duration CALM = Duration.ofMillis(1500);
    /** The longest recovery waited for. */
    private static final Duration RECOVERY_LIMIT = Duration.ofSeconds(30);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration BUCKET = Duration.ofMillis(250);

    /** When things happened, in seconds since the load began (NaN: did not happen). */
    private record Kill(long pid, String note, double at, double outAt, double restoredAt) {
    }

    private FailoverExperiment() {
    }

    /** Kills the first replica {@code /rep} lists, under {@code --failover-rate} load. */
    static Failover run(Target target, LoadDriver driver) throws InterruptedException {
        BalancerClient client = target.client();
        ReplicaSet before = client.replicas();
        String victim = before.names().get(0);
        LoadRun run = driver.steady(target, CALM.multipliedBy(2).plus(RECOVERY_LIMIT).plusSeconds(5), BUCKET);
        Kill kill;
        LoadResult load;
        try (ProgressDisplay bar = ProgressDisplay.show("A-3 failover", -1, run::completed, driver.options().progress())) {
            Thread.sleep(CALM.toMillis());
            kill = killAndWatch(target, victim, before, run);
            Thread.sleep(CALM.toMillis());
            run.stop();
            load = run.await();
        } finally {
            run.stop();
        }
        long failed = Double.isNaN(kill.at()) ? 0
                : Failover.failuresBetween(load.series(), kill.at(), Double.isNaN(kill.restoredAt()) ? Double.MAX_VALUE : kill.restoredAt());
        Failover f = new Failover(victim, kill.pid(), kill.note(), before.n(), kill.at(), kill.outAt(), kill.restoredAt(),
                failed, load, client.replicas().names());
        report(driver, f);
        return f;
    }

    /** SIGKILLs {@code victim}'s process, then polls {@code /rep} until N is back (or the limit passes). */
    private static Kill killAndWatch(Target target, String victim, ReplicaSet before, LoadRun run) throws InterruptedException {
        Optional<ProcessHandle> process = target.replicaProcess(victim);
        if (process.isEmpty()) {
            return new Kill(-1, target.whyNoProcess(victim), Double.NaN, Double.NaN, Double.NaN);
        }
        long pid = process.get().pid();
        double at = secondsSince(run);
        process.get().destroyForcibly();
        double outAt = Double.NaN;
        long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            ReplicaSet now = target.client().replicas();
            double t = secondsSince(run);
            if (!now.contains(victim) && Double.isNaN(outAt)) {
                outAt = t;
            }
            if (!now.contains(victim) && now.n() >= before.n()) {
                return new Kill(pid, "SIGKILL to replica " + victim + " (pid " + pid + ")", at, outAt, t);
            }
            Thread.sleep(POLL.toMillis());
        }
        return new Kill(pid, "SIGKILL to replica " + victim + " (pid " + pid + ")", at, outAt, Double.NaN);
    }

    private static double secondsSince(LoadRun run) {
        return (System.nanoTime() - run.startNanos()) / 1e9;
    }

    private static void report(LoadDriver driver, Failover f) {
        driver.console().printf(Locale.ROOT, "  %s%n", f.note());
        if (f.killed()) {
            driver.console().printf(Locale.ROOT, "  out of /rep after %.0f ms, N=%d restored after %s; %,d of %,d requests failed in the recovery, %,d in all%n",
                    (f.outAt() - f.killedAt()) * 1000, f.nBefore(),
                    f.restored() ? String.format(Locale.ROOT, "%.0f ms", f.recoverySeconds() * 1000) : "NOT within 30 s",
                    f.failedInRecovery(), f.load().sent(), f.load().failed());
        }
    }
}
