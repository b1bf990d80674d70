package io.ringlb.balancer.proxy;

import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The response timeouts of one event loop's exchanges, kept without a scheduled task per request.
 * Every exchange gets the same timeout, so deadlines come in the order exchanges are armed: a
 * linked list through the exchanges themselves (append, unlink: no allocation) swept from its
 * head by one periodic task. Re-arming (disarm, then arm) moves an exchange to the tail, which
 * keeps the order. A timeout fires up to a sweep period late; the period is a tenth of the
 * timeout, at most 100 ms.
 */
final class ResponseDeadlines implements Runnable {

    private final long timeoutNanos;
    private ProxyExchange head;
    private ProxyExchange tail;

    ResponseDeadlines(EventLoop loop, Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
        long period = Math.max(5, Math.min(100, timeout.toMillis() / 10));
        loop.scheduleAtFixedRate(this, period, period, TimeUnit.MILLISECONDS);
    }

    /** Starts {@code ex}'s clock; it must not be armed already. */
    void arm(ProxyExchange ex) {
        ex.deadline = System.nanoTime() + timeoutNanos;
        ex.armed = true;
        ex.deadlinePrev = tail;
        ex.deadlineNext = null;
        if (tail == null) {
            head = ex;
        } else {
            tail.deadlineNext = ex;
        }
        tail = ex;
    }

    /** Stops {@code ex}'s clock, if it runs. */
    void disarm(ProxyExchange ex) {
        if (!ex.armed) {
            return;
        }
        ex.armed = false;
        ProxyExchange p = ex.deadlinePrev;
        ProxyExchange n = ex.deadlineNext;
        if (p == null) {
            head = n;
        } else {
            p.deadlineNext = n;
        }
        if (n == null) {
            tail = p;
        } else {
            n.deadlinePrev = p;
        }
        ex.deadlinePrev = null;
        ex.deadlineNext = null;
    }

    /** The sweep: times out every exchange whose deadline passed. */
    @Override
    public void run() {
        long now = System.nanoTime();
        while (head != null && now - head.deadline >= 0) {
            ProxyExchange ex = head;
            disarm(ex);
            ex.timedOut();
        }
    }
}
