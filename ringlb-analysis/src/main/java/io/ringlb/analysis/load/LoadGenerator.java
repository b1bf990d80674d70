package io.ringlb.analysis.load;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.ringlb.transport.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * An asynchronous HTTP/1.1 load generator on Netty: each run opens {@link LoadPlan#concurrency()}
 * keep-alive connections that each keep one request in flight, so concurrency is bounded by
 * construction and no thread ever blocks on the network. One generator serves any number of runs,
 * one after another or at once; close it to release its event loops.
 */
public final class LoadGenerator implements AutoCloseable {

    private final EventLoopGroup group;
    private final Bootstrap bootstrap;

    /** @param threads event loop threads (1 drives several thousand requests per second) */
    public LoadGenerator(int threads) {
        Transport transport = Transport.best();
        this.group = transport.newGroup(threads, "ringlb-load");
        this.bootstrap = new Bootstrap()
                .group(group)
                .channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT);
    }

    /** Starts a run against {@code target} and returns at once; the run completes on its own. */
    public LoadRun start(InetSocketAddress target, LoadPlan plan) {
        int connections = (int) Math.min(plan.concurrency(), plan.requests());
        LoadRun run = new LoadRun(plan, connections);
        Bootstrap b = bootstrap.clone()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, plan.timeout().toMillis()));
        for (int i = 0; i < connections; i++) {
            new LoadConnection(run, group.next(), b, target).begin();
        }
        return run;
    }

    /** Runs {@code plan} against {@code target} to completion. */
    public LoadResult run(InetSocketAddress target, LoadPlan plan) throws InterruptedException {
        return start(target, plan).await();
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
