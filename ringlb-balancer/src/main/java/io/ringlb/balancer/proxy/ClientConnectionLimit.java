package io.ringlb.balancer.proxy;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.EventExecutor;
import io.ringlb.balancer.RateLimitedLog;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * At most {@code max} client connections (HAProxy's {@code maxconn}), so that file descriptors
 * never run out: each client connection may hold a replica connection, and heartbeats, replica
 * starts and logs need theirs ({@link #defaultMax}). A connection past the limit makes room by
 * closing the longest-idle keep-alive connection (no request being answered), as Envoy's overload
 * manager does; it is refused, closed at once, only when no connection is idle. Idle order is
 * kept per event loop, in a list that each read moves a connection to the end of; a loop with
 * nothing idle asks the other loops, holding the new connection unread meanwhile.
 *
 * <p>Counters ({@link #open}, {@link #evicted}, {@link #refused}) are for metrics; each eviction
 * and refusal is logged, at most one line every 10 s.
 */
public final class ClientConnectionLimit {

    private static final Logger log = LoggerFactory.getLogger(ClientConnectionLimit.class);

    /** File descriptors kept for everything but client and replica connections, whatever the replica count. */
    static final int RESERVE = 256;
    /** And per replica the cluster may reach: its heartbeat connection, its process's pipe or engine calls. */
    static final int RESERVE_PER_REPLICA = 4;
    /** The fewest client connections the default allows, however low the open-files limit. */
    static final int MIN_DEFAULT = 64;
    /**
     * Heap to allow per client connection: an idle one holds about 2.2 KiB after a full collection
     * (9,000 idle connections took 19 MB), the rest is room for requests in flight and garbage.
     */
    static final int HEAP_PER_CONNECTION = 4096;

    private final int max;
    private final AtomicInteger open = new AtomicInteger();
    private final LongAdder evicted = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final RateLimitedLog evictions = new RateLimitedLog(log, Duration.ofSeconds(10));
    private final RateLimitedLog refusals = new RateLimitedLog(log, Duration.ofSeconds(10));
    private final Map<EventExecutor, IdleOrder> loops = new IdentityHashMap<>();

    /** @param group the event loops client connections run on */
    public ClientConnectionLimit(int max, EventLoopGroup group) {
        if (max < 1) {
            throw new IllegalArgumentException("max connections must be >= 1, got " + max);
        }
        this.max = max;
        for (EventExecutor e : group) {
            loops.put(e, new IdleOrder());
        }
    }

    /**
     * The default limit for an open-files limit of {@code fdLimit} and up to {@code maxReplicas}
     * replicas: half of what the reserve leaves, since each client connection may have a replica
     * connection open too; and no more than a heap of {@code maxHeap} bytes holds (where the
     * open-files limit is high, as Docker's 1,048,576, the heap is the limit).
     */
    public static int defaultMax(long fdLimit, int maxReplicas, long maxHeap) {
        long left = fdLimit - RESERVE - (long) RESERVE_PER_REPLICA * maxReplicas;
        long max = Math.min(left / 2, maxHeap / HEAP_PER_CONNECTION);
        return (int) Math.max(MIN_DEFAULT, Math.min(Integer.MAX_VALUE, max));
    }

    public int max() {
        return max;
    }

    /** Client connections open now. */
    public int open() {
        return open.get();
    }

    /** Idle connections closed to make room, since start. */
    public long evicted() {
        return evicted.sum();
    }

    /** Connections refused because none was idle, since start. */
    public long refused() {
        return refused.sum();
    }

    /**
     * Admits a connection just accepted, on its event loop before it reads anything: its slot,
     * or null if it was refused (and is closing). A connection admitted while another loop is
     * asked to make room has its reads off until that loop answers.
     */
    ClientSlot admit(Channel ch) {
        IdleOrder here = loops.get(ch.eventLoop());
        if (open.incrementAndGet() <= max) {
            return new ClientSlot(this, here, ch);
        }
        if (here.evictOldestIdle()) {
            madeRoom();
            return new ClientSlot(this, here, ch);
        }
        List<EventLoop> others = new ArrayList<>();
        for (EventExecutor e : loops.keySet()) {
            if (e != ch.eventLoop()) {
                others.add((EventLoop) e);
            }
        }
        if (others.isEmpty()) {
            open.decrementAndGet(); // never admitted: nothing else will count it out
            refuse(ch);
            return null;
        }
        ch.config().setAutoRead(false); // not a byte read until room is found
        ClientSlot slot = new ClientSlot(this, here, ch);
        askOthers(slot, others, 0);
        return slot;
    }

    /** Asks loop {@code others[i]} to close its longest-idle connection; then the next, until one does or none is left. */
    private void askOthers(ClientSlot waiting, List<EventLoop> others, int i) {
        EventLoop there = others.get(i);
        there.execute(() -> {
            boolean room = loops.get(there).evictOldestIdle();
            waiting.channel.eventLoop().execute(() -> {
                if (room) {
                    madeRoom();
                    waiting.channel.config().setAutoRead(true); // reads start
                } else if (i + 1 < others.size()) {
                    askOthers(waiting, others, i + 1);
                } else {
                    refuse(waiting.channel); // its slot counts it out when it closes
                }
            });
        });
    }

    private void madeRoom() {
        evicted.increment();
        evictions.warn("connections: {} open, the limit (--max-connections {}): closed the longest-idle one to make room "
                + "({} so far)", open.get(), max, evicted.sum());
    }

    private void refuse(Channel ch) {
        refused.increment();
        refusals.warn("connections: {} open, the limit (--max-connections {}), none idle: refused one from {} ({} so far)",
                open.get(), max, ch.remoteAddress(), refused.sum());
        ch.close();
    }

    /** A client connection has closed. */
    void released() {
        open.decrementAndGet();
    }

    /**
     * One event loop's client connections, least recently read first (a doubly linked list through
     * the slots themselves: moving one costs a few pointer writes, no allocation). Used only on its
     * loop.
     */
    static final class IdleOrder {

        /** How many busy connections one eviction looks past before it gives up on this loop. */
        private static final int SEARCH = 64;

        private ClientSlot head;
        private ClientSlot tail;

        void append(ClientSlot s) {
            s.prev = tail;
            s.next = null;
            if (tail == null) {
                head = s;
            } else {
                tail.next = s;
            }
            tail = s;
            s.linked = true;
        }

        void unlink(ClientSlot s) {
            if (!s.linked) {
                return;
            }
            if (s.prev == null) {
                head = s.next;
            } else {
                s.prev.next = s.next;
            }
            if (s.next == null) {
                tail = s.prev;
            } else {
                s.next.prev = s.prev;
            }
            s.prev = null;
            s.next = null;
            s.linked = false;
        }

        /** {@code s} was just active: to the end of the list. */
        void touch(ClientSlot s) {
            if (s.linked && s != tail) {
                unlink(s);
                append(s);
            }
        }

        /**
         * Closes the least recently read connection that is idle, looking past at most
         * {@link #SEARCH} busy ones (which move to the end, so the next search starts further on).
         *
         * @return whether one was closed
         */
        boolean evictOldestIdle() {
            for (int looked = 0; looked < SEARCH && head != null; looked++) {
                ClientSlot s = head;
                unlink(s);
                if (s.idle()) {
                    s.channel.close(); // its slot counts it out once closed
                    return true;
                }
                append(s);
            }
            return false;
        }
    }
}
