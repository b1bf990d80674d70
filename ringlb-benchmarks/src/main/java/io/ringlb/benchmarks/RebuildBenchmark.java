package io.ringlb.benchmarks;

import io.ringlb.core.Algorithm;
import io.ringlb.core.HashingConfig;
import io.ringlb.core.Ring;
import io.ringlb.core.RingMember;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** Building a whole snapshot at N = 100 (what every membership change costs the control thread). */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RebuildBenchmark {

    @Param({"ring", "maglev", "spec"})
    String algorithm;

    private HashingConfig config;
    private List<RingMember> members;

    @Setup
    public void setUp() {
        config = HashingConfig.defaults(Algorithm.parse(algorithm));
        members = LookupBenchmark.members(Math.min(100, config.maxMembers()));
    }

    @Benchmark
    public Ring rebuild() {
        return config.build(members);
    }
}
