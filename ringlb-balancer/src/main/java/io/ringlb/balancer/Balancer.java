package io.ringlb.balancer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.ringlb.balancer.admin.AdminAccess;
import io.ringlb.balancer.admin.AdminApi;
import io.ringlb.balancer.cluster.ClusterView;
import io.ringlb.balancer.cluster.HeartbeatClient;
import io.ringlb.balancer.cluster.Replica;
import io.ringlb.balancer.cluster.ReplicaSupervisor;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.balancer.proxy.ClientConnectionLimit;
import io.ringlb.balancer.proxy.ProxyContext;
import io.ringlb.balancer.proxy.ProxyServerInitializer;
import io.ringlb.transport.FileDescriptors;
import io.ringlb.transport.Transport;
import java.net.InetSocketAddress;
import java.util.Optional;
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
    private final ReplicaSupervisor supervisor;
    private volatile Channel server;
    private volatile ClientConnectionLimit connections;
    /** The open-files limit, raised to the hard limit at start; empty where it cannot be read. */
    private final Optional<FileDescriptors.Limit> fdLimit;
    private volatile boolean closed;

    private Balancer(BalancerConfig config, Provisioner provisioner) {
        this.config = config;
        this.fdLimit = FileDescriptors.raiseToHard(); // before anything opens a file
        this.transport = Transport.best();
        this.group = transport.newGroup(config.ioThreads(), "ringlb-io", config.pinIoThreads());
        this.control = Executors.newSingleThreadScheduledExecutor(daemon("ringlb-control"));
        this.routing = new Routing(config.hashing());
        HeartbeatClient heartbeats = new HeartbeatClient(config.heartbeatTimeout(), group, transport, control);
        this.supervisor = new ReplicaSupervisor(provisioner, routing, heartbeats, control,
                config.heartbeatInterval(), config.heartbeatFails(),
                new ReplicaSupervisor.Settings(config.maxReplicas(), config.startupTimeout(), config.drainTimeout()));
    }

    /**
     * Brings the replicas up, then starts listening. Throws (after cleaning up) if the replicas
     * cannot start or the port cannot be bound.
     */
    public static Balancer start(BalancerConfig config, Provisioner provisioner) throws Exception {
        return start(config, provisioner, b -> { });
    }

    /**
     * As {@link #start(BalancerConfig, Provisioner)}, handing the balancer to {@code beforeListening}
     * once its replicas are up and just before it listens (to register shutdown hooks in time).
     */
    public static Balancer start(BalancerConfig config, Provisioner provisioner,
                                 java.util.function.Consumer<Balancer> beforeListening) throws Exception {
        Balancer b = new Balancer(config, provisioner);
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
                + (config.proxy().boundedLoads() ? ", bounded loads c=" + config.proxy().balanceFactor() : "");
        AdminAccess access = new AdminAccess(config.admin());
        AdminApi admin = new AdminApi(supervisor, routing, access, description);
        ProxyContext proxy = new ProxyContext(routing, config.proxy(), admin, group, transport);
        connections = new ClientConnectionLimit(maxConnections(), group);
        // TCP_NODELAY is Netty's default for accepted sockets; setting it again costs a syscall each.
        server = new ServerBootstrap()
                .group(group)
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.ALLOCATOR, Transport.allocator())
                .childOption(ChannelOption.ALLOCATOR, Transport.allocator())
                .childHandler(connections.initializer(new ProxyServerInitializer(proxy, config.proxy().clientIdleTimeout())))
                .bind(config.bind(), config.port()).sync().channel();
        log.info("ringlb listening on http://{}:{} ({}; {}; provisioner {}; {} event loops, {})",
                config.bind(), address().getPort(), description, routing.view().replicas(),
                supervisor.provisioner().kind(), countLoops(), transport);
        log.info("admin: {}", access.describe());
        if (config.admin().token().isEmpty() && !address().getAddress().isLoopbackAddress()) {
            log.warn("admin: listening on {} without an admin token: /add and /rm from other machines get 403; "
                    + "start with --admin-token (or RINGLB_ADMIN_TOKEN, --admin-token-file) to allow them", config.bind());
        }
    }

    /** {@code --max-connections}, or what fits the open-files limit (raised to the hard limit first). */
    private int maxConnections() {
        long heap = Runtime.getRuntime().maxMemory();
        int fit = ClientConnectionLimit.defaultMax(fdLimit.map(FileDescriptors.Limit::soft).orElse(Long.MAX_VALUE), config.maxReplicas(), heap);
        if (config.maxConnections() > 0) {
            if (config.maxConnections() > fit) {
                log.warn("connections: --max-connections {} is more than the open-files limit {} and the heap ({} MB) leave room for "
                        + "({}): past it, heartbeats and replica connections may fail for want of file descriptors, or the heap run out",
                        config.maxConnections(), fdLimit.map(l -> Long.toString(l.soft())).orElse("(unknown)"), heap >> 20, fit);
            }
            log.info("connections: at most {} clients (--max-connections)", config.maxConnections());
            return config.maxConnections();
        }
        log.info("connections: at most {} clients (to fit the open-files limit {} with a replica connection each, and a {} MB heap), "
                + "then the longest-idle ones close to make room", fit, fdLimit.map(l -> Long.toString(l.soft())).orElse("(unknown)"),
                heap >> 20);
        return fit;
    }

    /** The client connection limit, with its counters. */
    public ClientConnectionLimit connections() {
        return connections;
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
