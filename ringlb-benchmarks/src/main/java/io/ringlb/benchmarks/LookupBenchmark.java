package io.ringlb.benchmarks;

import io.ringlb.core.Algorithm;
import io.ringlb.core.HashingConfig;
import io.ringlb.core.KeyHasher;
import io.ringlb.core.Ring;
import io.ringlb.core.RingMember;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
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

/**
 * One lookup: a key to its owner, for each mode at N = 3 and N = 100, with default settings.
 * Keys cycle through 64 Ki precomputed random values so that the lookup, not key generation, is
 * timed, while the ring's cache behaviour stays realistic (keys are spread over the whole ring).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class LookupBenchmark {

    @Param({"ring", "maglev", "spec"})
    String algorithm;

    @Param({"3", "100"})
    int replicas;

    private Ring ring;
    private long[] keys;
    private int next;

    @Setup
    public void setUp() {
        Algorithm a = Algorithm.parse(algorithm);
        HashingConfig config = HashingConfig.defaults(a);
        ring = config.build(members(Math.min(replicas, config.maxMembers())));
        KeyHasher hasher = config.keyHasher();
        SplittableRandom rnd = new SplittableRandom(42);
        keys = new long[1 << 16];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = hasher.hashRequestId(rnd.nextInt(100_000, 1_000_000));
        }
    }

    static List<RingMember> members(int n) {
        List<RingMember> list = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            list.add(RingMember.of("replica-" + i, i));
        }
        return list;
    }

    @Benchmark
    public int lookup() {
        long key = keys[next++ & (keys.length - 1)];
        return ring.lookup(key);
    }
}
