package io.ringlb.balancer;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.ringlb.balancer.admin.AdminAccess;
import io.ringlb.balancer.admin.AdminApi;
import io.ringlb.balancer.cluster.ClusterView;
import io.ringlb.balancer.cluster.HeartbeatClient;
import io.ringlb.balancer.cluster.ReplicaControl;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.balancer.provision.Provisioner;
import io.ringlb.balancer.proxy.ClientConnectionLimit;
import io.ringlb.balancer.proxy.ProxyContext;
import io.ringlb.balancer.proxy.ProxyServerInitializer;
import io.ringlb.transport.FileDescriptors;
import io.ringlb.transport.Transport;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
    private final AdminAccess access;
    private final AdminApi admin;
    private final Observability observability;
    /** The open-files limit, raised to the hard limit at start; empty where it cannot be read. */
    private final Optional<FileDescriptors.Limit> fdLimit;
    private volatile Listeners listeners;
    private volatile ProxyContext proxy;
    private volatile ClientConnectionLimit connections;
    private volatile boolean closed;
    private volatile boolean cleanStop = true;

    private Balancer(BalancerConfig config, Provisioner provisioner, ReplicaControl.Factory replicaControl) {
        this.config = config;
        this.fdLimit = FileDescriptors.raiseToHard(); // before anything opens a file
        this.transport = Transport.best();
        this.group = transport.newGroup(config.ioThreads(), "ringlb-io", config.pinIoThreads());
        this.control = Executors.newSingleThreadScheduledExecutor(daemon("ringlb-control"));
        this.routing = new Routing(config.hashing(), replicaControl.showsVersion());
        HeartbeatClient heartbeats = new HeartbeatClient(config.heartbeatTimeout(), group, transport, control);
        this.supervisor = replicaControl.create(provisioner, routing, heartbeats, control, config);
        this.access = new AdminAccess(config.admin());
        this.admin = new AdminApi(supervisor, routing, access, config.hashing().describe() + ", key " + config.proxy().hashKey()
                + (config.proxy().boundedLoads() ? ", bounded loads c=" + config.proxy().balanceFactor() : "")
                + (supervisor.describe().isEmpty() ? "" : "; " + supervisor.describe()));
        this.observability = new Observability(config.observe(), routing, countLoops());
        observability.follow(supervisor, routing);
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
            // The access log and the admin port first: a path that cannot be written or a port
            // that is taken (another balancer of the same cluster, say) must stop this one before
            // it adopts, starts or stops any replica. The JVM meters are set up once it listens.
            b.observability.open(b.admin, config, b.transport);
            long t0 = System.nanoTime();
            CompletableFuture<ClusterView> replicas = b.supervisor.start(config.replicas(), config.backends());
            b.awaitReplicas(replicas, t0);
            beforeListening.accept(b);
            b.bind();
            b.bindProcessMeters();
            return b;
        } catch (Exception | Error e) {
            b.close();
            throw e;
        }
    }

    /** The JVM and process meters: optional, so a failure to set them up is logged and the balancer serves on. */
    private void bindProcessMeters() {
        try {
            observability.bindProcessMeters();
        } catch (RuntimeException e) {
            log.warn("metrics: the JVM and process meters could not be set up ({}); /metrics goes on without them", e.toString());
        }
    }

    private void awaitReplicas(CompletableFuture<ClusterView> starting, long t0) throws Exception {
        ClusterView view;
        try {
            view = starting.get(
                    config.startupTimeout().toMillis() * 4 + 10_000, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new IllegalStateException("replicas did not start: " + cause.getMessage(), cause);
        }
        log.info("{} replica(s) up in {} ms: {}", view.n(), (System.nanoTime() - t0) / 1_000_000, view.replicas());
    }

    private void bind() throws InterruptedException, java.io.IOException {
        proxy = new ProxyContext(routing, config.proxy(), admin, group, transport, observability::recorder);
        connections = new ClientConnectionLimit(maxConnections(), group);
        // TCP_NODELAY is Netty's default for accepted sockets; setting it again costs a syscall each.
        ServerBootstrap template = new ServerBootstrap()
                .channel(transport.serverChannel())
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.ALLOCATOR, Transport.allocator())
                .childOption(ChannelOption.ALLOCATOR, Transport.allocator())
                .childHandler(new ProxyServerInitializer(proxy, connections));
        listeners = Listeners.bind(template, group, transport, config.bind(), config.port());
        log.info("ringlb listening on http://{}:{} ({}; {}; provisioner {}; {} event loops, {})",
                config.bind(), address().getPort(), admin.description(), routing.view().replicas(),
                supervisor.provisioner().kind(), countLoops(), transport);
        log.info("admin: {}", access.describe());
        if (config.admin().token().isEmpty() && !address().getAddress().isLoopbackAddress()) {
            log.warn("admin: listening on {} without an admin token: /add and /rm from other machines get 403; "
                    + "start with --admin-token (or RINGLB_ADMIN_TOKEN, --admin-token-file) to allow them", config.bind());
        }
    }

    /** {@code --max-connections}, or what fits the open-files limit (raised to the hard limit at start) and the heap. */
    private int maxConnections() {
        long heap = Runtime.getRuntime().maxMemory();
        int fit = ClientConnectionLimit.defaultMax(fdLimit.map(FileDescriptors.Limit::soft).orElse(Long.MAX_VALUE), config.maxReplicas(), heap);
        String fds = fdLimit.map(l -> Long.toString(l.soft())).orElse("(unknown)");
        if (config.maxConnections() > 0) {
            if (config.maxConnections() > fit) {
                log.warn("connections: --max-connections {} is more than the open-files limit {} and the heap ({} MB) leave room for "
                        + "({}): past it, heartbeats and replica connections may fail for want of file descriptors, or the heap run out",
                        config.maxConnections(), fds, heap >> 20, fit);
            }
            log.info("connections: at most {} clients (--max-connections)", config.maxConnections());
            return config.maxConnections();
        }
        log.info("connections: at most {} clients (to fit the open-files limit {} with a replica connection each, and a {} MB heap), "
                + "then the longest-idle ones close to make room", fit, fds, heap >> 20);
        return fit;
    }

    /** The client connection limit, with its counters; null before the balancer listens. */
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
        return listeners.address();
    }

    public Routing routing() {
        return routing;
    }

    /** Where the admin listener listens, or null when it is off. */
    public InetSocketAddress adminAddress() {
        return observability.adminAddress();
    }

    /** Blocks until {@link #close} has run. */
    public void awaitClose() throws InterruptedException {
        Listeners l = listeners;
        if (l != null) {
            l.awaitClose();
        }
    }

    /**
     * Stops: closes the listening socket, closes idle client connections at once, lets every
     * request already received finish (its response says {@code Connection: close} if it has not
     * started; requests on draining replicas are waited for too) for up to the shutdown grace, then
     * closes what is left and stops the replicas (unless configured to keep them).
     * {@link #stoppedCleanly()} then says whether every request was answered.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Listeners l = listeners;
        ProxyContext p = proxy;
        if (l != null) {
            l.close();
        }
        if (p != null) {
            long t0 = System.nanoTime();
            long deadline = t0 + config.shutdownGrace().toNanos();
            p.drain();
            while (p.openConnections() > 0 && System.nanoTime() - deadline < 0) {
                sleep(10);
            }
            if (p.openConnections() > 0) {
                cleanStop = false;
                log.warn("shutting down with {} client connection(s) still busy after {} ms", p.openConnections(),
                        config.shutdownGrace().toMillis());
                p.closeAll();
            } else {
                log.info("every request answered; client connections closed in {} ms", (System.nanoTime() - t0) / 1_000_000);
            }
        }
        // Heartbeats stop before the event loops they run on.
        supervisor.close(config.keepReplicas());
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        control.shutdownNow();
        observability.close();
        log.info("ringlb stopped");
    }

    /** After {@link #close}: whether every request received was answered within the grace. */
    public boolean stoppedCleanly() {
        return cleanStop;
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
