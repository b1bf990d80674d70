package io.ringlb.balancer.proxy;

import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One kind of timeout for one event loop (a response timeout, a request-head timeout), kept
 * without a scheduled task per request. Every node gets the same timeout, so deadlines come in the
 * order nodes are armed: a linked list through the nodes themselves (append, unlink: no
 * allocation) swept from its head by one periodic task. Re-arming moves a node to the tail, which
 * keeps the order. A timeout fires up to a sweep period late; the period is a tenth of the
 * timeout, at most 100 ms. Time comes from the loop's {@link Ticker}, so tests can move it.
 *
 * <p>Only the loop's thread may touch the list or its nodes.
 */
final class DeadlineList implements Runnable {

    /** Something with a deadline on one list at a time. */
    abstract static class Node {
        private long deadline;
        private boolean armed;
        private Node prev;
        private Node next;

        /** The deadline passed; the node is already disarmed. */
        abstract void expired();
    }

    private final Ticker ticker;
    private final long timeoutNanos;
    private Node head;
    private Node tail;

    DeadlineList(EventLoop loop, Duration timeout) {
        this.ticker = loop.ticker();
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(5, Math.min(100, timeout.toMillis() / 10));
        loop.scheduleAtFixedRate(this, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts {@code n}'s clock from now, or restarts it if it runs. */
    void arm(Node n) {
        disarm(n);
        n.deadline = ticker.nanoTime() + timeoutNanos;
        n.armed = true;
        n.prev = tail;
        n.next = null;
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
    }

    /** Stops {@code n}'s clock, if it runs. */
    void disarm(Node n) {
        if (!n.armed) {
            return;
        }
        n.armed = false;
        Node p = n.prev;
        Node x = n.next;
        if (p == null) {
            head = x;
        } else {
            p.next = x;
        }
        if (x == null) {
            tail = p;
        } else {
            x.prev = p;
        }
        n.prev = null;
        n.next = null;
    }

    /** Whether {@code n}'s clock runs. */
    static boolean armed(Node n) {
        return n.armed;
    }

    /** The sweep: expires every node whose deadline passed. */
    @Override
    public void run() {
        long now = ticker.nanoTime();
        while (head != null && now - head.deadline >= 0) {
            Node n = head;
            disarm(n);
            n.expired();
        }
    }
}
