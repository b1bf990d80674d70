package io.ringlb.analysis.experiments;

import io.ringlb.analysis.harness.ReplicaSet;
import io.ringlb.analysis.harness.Target;
import java.util.ArrayList;
import java.util.List;

/**
 * The experiments that need a balancer, on one balancer, in the order that starts the fewest
 * replicas: N=2, N=3, N=4..6, then back to N=3 for A-3. Every change of N
 * is followed by an uncounted warm-up, so that a new replica's JVM start-up does not weigh on the
 * measured load time. A balancer the analysis did not start gets its original replicas back at
 * the end.
 */
public final class SetupRun {

    /** The replica counts of A-2. */
    public static final int MIN_N = 2;
    public static final int MAX_N = 6;
    /** A-1's and A-3's replica count. */
    public static final int BASE_N = 3;

    private SetupRun() {
    }

    /** The replica count to start a balancer with when these experiments will run on it. */
    public static int initialReplicas(boolean a2) {
        return a2 ? MIN_N : BASE_N;
    }

    public static SetupResult run(Target target, String description, boolean a1, boolean a2, boolean a3,
                                  LoadDriver driver) throws InterruptedException {
        driver.console().printf("%n== %s: %s (%s)%n", target.label(), description, target.client().base());
        ClusterSizer sizer = new ClusterSizer(target.client());
        ReplicaSet original = sizer.current();
        try {
            int first = initialReplicas(a2);
            int last = a2 ? MAX_N : BASE_N;
            sizer.resize(first);
            Distribution a1Result = null;
            List<Distribution> scaling = new ArrayList<>();
            for (int n = first; n <= last && (a1 || a2); n++) {
                ReplicaSet rep = sizer.resize(n);
                driver.warmUp(target);
                if (a2) {
                    scaling.add(Distribution.of(rep, driver.burst(target, "A-2 N=" + n)));
                }
                if (a1 && n == BASE_N) {
                    a1Result = Distribution.of(rep, driver.burst(target, "A-1 N=" + n));
                }
            }
            EndpointTour.Tour tour = null;
            Failover failover = null;
            if (a3) {
                sizer.resize(BASE_N);
                driver.console().println("  A-3: every endpoint");
                tour = EndpointTour.run(target.client(), driver.console());
                driver.console().println("  A-3: a replica killed under load");
                failover = FailoverExperiment.run(target, driver);
            }
            return new SetupResult(target.label(), description, a1Result, scaling, tour, failover);
        } finally {
            if (!target.selfHosted()) {
                sizer.restore(original);
            }
        }
    }
}
