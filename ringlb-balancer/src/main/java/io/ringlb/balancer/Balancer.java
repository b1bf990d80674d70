package io.ringlb.balancer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.ringlb.balancer.admin.AdminApi;
import io.ringlb.balancer.cluster.ClusterView;
import io.ringlb.balancer.cluster.HeartbeatClient;
import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.cluster.ReplicaControl;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.balancer.proxy.ProxyContext;
import io.ringlb.balancer.proxy.ProxyServerInitializer;
import io.ringlb.transport.Transport;
import java.net.InetSocketAddress;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running balancer: replicas brought up by the supervisor, then the proxy listening. Build
 * it with {@link #start}, stop it with {@link #close}.
 */
public final class Balancer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Balancer.class);

    private final BalancerConfig config;
    private final Transport transport;
    private final EventLoopGroup group;
    private final ScheduledExecutorService control;
    private final Routing routing;
    private final ReplicaControl supervisor;
    private volatile Channel server;
    private volatile boolean closed;

    private Balancer(BalancerConfig config, Provisioner provisioner, ReplicaControl.Factory replicaControl) {
        this.config = config;
        this.transport = Transport.best();
        this.group = transport.newGroup(config.ioThreads(), "ringlb-io", config.pinIoThreads());
        this.control = Executors.newSingleThreadScheduledExecutor(daemon("ringlb-control"));
        this.routing = new Routing(config.hashing(), replicaControl.showsVersion());
        HeartbeatClient heartbeats = new HeartbeatClient(config.heartbeatTimeout(), group, transport, control);
        this.supervisor = replicaControl.create(provisioner, routing, heartbeats, control, config);
    }

    /**
     * Brings the replicas up, then starts listening. Throws (after cleaning up) if the replicas
     * cannot start or the port cannot be bound.
     */
    public static Balancer start(BalancerConfig config, Provisioner provisioner) throws Exception {
        return start(config, provisioner, ReplicaControl.Factory.STANDALONE, b -> { });
    }

    /**
     * As {@link #start(BalancerConfig, Provisioner)}, with the replica set kept by what
     * {@code replicaControl} makes (standalone, or a cluster of balancers), handing the balancer
     * to {@code beforeListening} once its replicas are up and just before it listens (to register
     * shutdown hooks in time).
     */
    public static Balancer start(BalancerConfig config, Provisioner provisioner, ReplicaControl.Factory replicaControl,
                                 java.util.function.Consumer<Balancer> beforeListening) throws Exception {
        Balancer b = new Balancer(config, provisioner, replicaControl);
        try {
            b.startReplicas();
            beforeListening.accept(b);
            b.bind();
            return b;
        } catch (Exception | Error e) {
            b.close();
            throw e;
        }
    }

    private void startReplicas() throws Exception {
        long t0 = System.nanoTime();
        ClusterView view;
        try {
            view = supervisor.start(config.replicas(), config.backends()).get(
                    config.startupTimeout().toMillis() * 4 + 10_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("replicas did not start: " + cause.getMessage(), cause);
        }
        log.info("{} replica(s) up in {} ms: {}", view.n(), (System.nanoTime() - t0) / 1_000_000, view.replicas());
    }

    private void bind() throws InterruptedException {
        String description = config.hashing().describe() + ", key " + config.proxy().hashKey()
                + (config.proxy().boundedLoads() ? ", bounded loads c=" + config.proxy().balanceFactor() : "")
                + (supervisor.describe().isEmpty() ? "" : "; " + supervisor.describe());
        AdminApi admin = new AdminApi(supervisor, routing, description);
        ProxyContext proxy = new ProxyContext(routing, config.proxy(), admin, group, transport);
        // TCP_NODELAY is Netty's default for accepted sockets; setting it again costs a syscall each.
        server = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.ALLOCATOR, Transport.allocator())
                .childOption(ChannelOption.ALLOCATOR, Transport.allocator())
                .childHandler(new ProxyServerInitializer(proxy, config.proxy().clientIdleTimeout()))
                .bind(config.bind(), config.port()).sync().channel();
        log.info("ringlb listening on http://{}:{} ({}; {}; provisioner {}; {} event loops, {})",
                config.bind(), address().getPort(), description, routing.view().replicas(),
                supervisor.provisioner().kind(), countLoops(), transport);
    }

    private int countLoops() {
        int n = 0;
        for (Object ignored : group) {
            n++;
        }
        return n;
    }

    /** Where the balancer listens. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    public Routing routing() {
        return routing;
    }

    /** Blocks until {@link #close} has run. */
    public void awaitClose() throws InterruptedException {
        Channel s = server;
        if (s != null) {
            s.closeFuture().await();
        }
    }

    /**
     * Stops accepting connections, gives requests in flight up to the shutdown grace to finish,
     * then closes client connections and stops the replicas (unless configured to keep them).
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Channel s = server;
        if (s != null) {
            s.close().awaitUninterruptibly();
            long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
            while (inFlight() > 0 && System.nanoTime() - deadline < 0) {
                sleep(20);
            }
            if (inFlight() > 0) {
                log.warn("shutting down with {} request(s) still in flight after {} ms", inFlight(), config.shutdownGrace().toMillis());
            }
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        supervisor.close(config.keepReplicas());
        control.shutdownNow();
        log.info("ringlb stopped");
    }

    private int inFlight() {
        int n = 0;
        for (Replica r : routing.table().members()) {
            n += r.inFlight();
        }
        return n;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
