package io.ringlb.transport;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import io.netty.channel.uring.IoUringSocketChannel;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;

/**
 * The Netty transport: Linux's io_uring or native epoll, or Java's NIO anywhere. The system
 * property {@code ringlb.transport} ({@code auto}, {@code epoll}, {@code io_uring}, {@code nio})
 * chooses; {@code auto} takes native epoll where it loads, else NIO. io_uring is there to choose,
 * not the default: under a flood of connections its loops answered heartbeats too late (README,
 * Performance).
 */
public enum Transport {
    IO_URING(IoUringServerSocketChannel.class, IoUringSocketChannel.class),
    EPOLL(EpollServerSocketChannel.class, EpollSocketChannel.class),
    NIO(NioServerSocketChannel.class, NioSocketChannel.class);

    /** The system property that chooses the transport. */
    public static final String PROPERTY = "ringlb.transport";

    private static final String LEAK_DETECTION = "io.netty.leakDetection.level";

    private final Class<? extends ServerChannel> serverChannel;
    private final Class<? extends SocketChannel> socketChannel;

    Transport(Class<? extends ServerChannel> serverChannel, Class<? extends SocketChannel> socketChannel) {
        this.serverChannel = serverChannel;
        this.socketChannel = socketChannel;
    }

    /**
     * The buffer allocator for every channel: Netty's pooled arenas. Measured against Netty 4.2's
     * default adaptive allocator on the proxy path (bench/run.sh, 1,000 connections): about 15 %
     * more requests per second at the same CPU.
     */
    public static ByteBufAllocator allocator() {
        return PooledByteBufAllocator.DEFAULT;
    }

    /**
     * Production settings for a process that only serves: no buffer-leak sampling (it captures a
     * stack trace every 128 buffers, about 5 % of the proxy's CPU) unless
     * {@code -Dio.netty.leakDetection.level} asks for it, as the integration tests do; and no
     * Netty flight-recorder events unless {@code -Dio.netty.jfr.enabled=true} asks for them:
     * registering them starts the JDK's flight-recorder machinery, which was about a quarter of a
     * replica's start-up CPU and a sixth of the balancer's. Call first thing in {@code main}, before
     * any other Netty class loads.
     */
    public static void useProductionDefaults() {
        if (System.getProperty("io.netty.jfr.enabled") == null) {
            System.setProperty("io.netty.jfr.enabled", "false");
        }
        if (System.getProperty(LEAK_DETECTION) == null) {
            // Read when Netty's leak detector is first loaded; set here so that nothing of Netty loads yet.
            System.setProperty(LEAK_DETECTION, ResourceLeakDetector.Level.DISABLED.name());
        }
    }

    /** The transport the {@value #PROPERTY} property chooses (default {@code auto}). */
    public static Transport best() {
        return choose(System.getProperty(PROPERTY, "auto"));
    }

    /**
     * The transport a choice names: {@code auto}, {@code epoll}, {@code io_uring} or {@code nio}.
     *
     * @throws IllegalArgumentException for an unknown name, or a native transport this machine
     *         cannot load (with the reason)
     */
    public static Transport choose(String choice) {
        String c = choice.trim().toLowerCase(Locale.ROOT).replace('-', '_');
        switch (c) {
            case "auto" -> {
                return Epoll.isAvailable() ? EPOLL : NIO;
            }
            case "epoll" -> {
                if (!Epoll.isAvailable()) {
                    throw new IllegalArgumentException("epoll is not available here: " + Epoll.unavailabilityCause());
                }
                return EPOLL;
            }
            case "io_uring", "iouring" -> {
                if (!IoUring.isAvailable()) {
                    throw new IllegalArgumentException("io_uring is not available here: " + IoUring.unavailabilityCause());
                }
                return IO_URING;
            }
            case "nio" -> {
                return NIO;
            }
            default -> throw new IllegalArgumentException("unknown transport '" + choice + "' (auto, epoll, io_uring or nio)");
        }
    }

    /** A group of {@code threads} event loops (0 = one per core) whose threads are named {@code name-N}. */
    public EventLoopGroup newGroup(int threads, String name) {
        return newGroup(threads, name, false);
    }

    /**
     * As {@link #newGroup(int, String)}; with {@code pinned}, each thread is pinned to its own CPU
     * where there are enough ({@link CpuPinning}).
     */
    public EventLoopGroup newGroup(int threads, String name, boolean pinned) {
        IoHandlerFactory io = switch (this) {
            case IO_URING -> IoUringIoHandler.newFactory();
            case EPOLL -> EpollIoHandler.newFactory();
            case NIO -> NioIoHandler.newFactory();
        };
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ThreadFactory factory = new DefaultThreadFactory(name, true);
        if (pinned) {
            factory = CpuPinning.wrap(factory, n, name);
        }
        return new MultiThreadIoEventLoopGroup(n, factory, io);
    }

    /** Whether several listening sockets can share one port (SO_REUSEPORT): the native transports. */
    public boolean sharesPorts() {
        return this != NIO;
    }

    /** {@code b} with SO_REUSEPORT on its listening socket; only where {@link #sharesPorts()}. */
    public ServerBootstrap sharePort(ServerBootstrap b) {
        return switch (this) {
            case EPOLL -> b.option(EpollChannelOption.SO_REUSEPORT, true);
            case IO_URING -> b.option(IoUringChannelOption.SO_REUSEPORT, true);
            case NIO -> throw new IllegalStateException("NIO cannot share a port");
        };
    }

    public Class<? extends ServerChannel> serverChannel() {
        return serverChannel;
    }

    public Class<? extends SocketChannel> socketChannel() {
        return socketChannel;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
