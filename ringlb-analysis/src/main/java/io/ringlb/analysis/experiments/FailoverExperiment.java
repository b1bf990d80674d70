package io.ringlb.analysis.experiments;

import io.ringlb.analysis.load.LoadResult;
import io.ringlb.analysis.load.LoadRun;
import io.ringlb.analysis.load.ProgressDisplay;
import io.ringlb.analysis.harness.BalancerClient;
import io.ringlb.analysis.harness.ReplicaSet;
import io.ringlb.analysis.harness.Target;
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

    private FailoverExperiment() {
    }

    /** Kills the first replica {@code /rep} lists, under {@code --failover-rate} load. */
    static Failover run(Target target, LoadDriver driver) throws InterruptedException {
        BalancerClient client = target.client();
        ReplicaSet before = client.replicas();
        String victim = before.names().get(0);
        Duration limit = CALM.multipliedBy(2).plus(RECOVERY_LIMIT).plusSeconds(5);
        LoadRun run = driver.steady(target, limit, BUCKET);
        double killedAt = Double.NaN;
        double outAt = Double.NaN;
        double restoredAt = Double.NaN;
        long pid = -1;
        String note;
        try (ProgressDisplay bar = ProgressDisplay.show("A-3 failover", -1, run::completed, driver.options().progress())) {
            Thread.sleep(CALM.toMillis());
            Optional<ProcessHandle> process = target.replicaProcess(victim);
            if (process.isPresent()) {
                pid = process.get().pid();
                killedAt = secondsSince(run);
                process.get().destroyForcibly();
                note = "SIGKILL to replica " + victim + " (pid " + pid + ")";
                long deadline = System.nanoTime() + RECOVERY_LIMIT.toNanos();
                while (Double.isNaN(restoredAt) && System.nanoTime() - deadline < 0) {
                    ReplicaSet now = client.replicas();
                    double t = secondsSince(run);
                    if (Double.isNaN(outAt) && !now.contains(victim)) {
                        outAt = t;
                    }
                    if (!now.contains(victim) && now.n() >= before.n()) {
                        restoredAt = t;
                    }
                    Thread.sleep(POLL.toMillis());
                }
            } else {
                note = target.whyNoProcess(victim);
            }
            Thread.sleep(CALM.toMillis());
            run.stop();
            LoadResult load = run.await();
            long failed = Double.isNaN(killedAt) ? 0
                    : Failover.failuresBetween(load.series(), killedAt, Double.isNaN(restoredAt) ? Double.MAX_VALUE : restoredAt);
            Failover f = new Failover(victim, pid, note, before.n(), killedAt, outAt, restoredAt, failed, load,
                    client.replicas().names());
            report(driver, f);
            return f;
        } finally {
            run.stop();
        }
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
