package io.ringlb.analysis.harness;

import java.util.Optional;

/**
 * A balancer that an analysis drives: one it started itself ({@link SelfHostedBalancer}) or one
 * already running ({@link RunningBalancer}). Closing it stops what the analysis started, and
 * nothing else.
 */
public interface Target extends AutoCloseable {

    /** What the report calls it: an algorithm label, or the balancer's URL. */
    String label();

    BalancerClient client();

    /** Whether the analysis started it, so that it may change it freely and knows its configuration. */
    boolean selfHosted();

    /**
     * The local process of the replica called {@code name}, when it can be told apart from every
     * other process; otherwise empty, with {@link #whyNoProcess(String)} saying why.
     */
    Optional<ProcessHandle> replicaProcess(String name);

    /** Why {@link #replicaProcess(String)} found none, for the report. */
    String whyNoProcess(String name);

    @Override
    void close();
}
