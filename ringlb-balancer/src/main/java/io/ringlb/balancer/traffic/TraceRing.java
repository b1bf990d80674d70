package io.ringlb.balancer.traffic;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A bounded single-producer single-consumer queue of request traces, the hand-over from one event
 * loop to the access log's writer thread. Its slots are allocated once and reused; offering a
 * trace copies it into the next free slot, so the event loop allocates nothing and never waits:
 * when the ring is full the trace is not taken (the caller counts the drop).
 */
public final class TraceRing {

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(TraceRing.class, "head", long.class);
            TAIL = l.findVarHandle(TraceRing.class, "tail", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final RequestTrace[] slots;
    private final int mask;
    /** Next slot the consumer reads; written by the consumer only. */
    private volatile long head;
    /** Next slot the producer writes; written by the producer only. */
    private volatile long tail;
    /** The producer's last look at {@link #head}, so that it reads the shared field only when the ring seems full. */
    private long headSeen;

    /** @param capacity slots, rounded up to a power of two */
    public TraceRing(int capacity) {
        int size = Integer.highestOneBit(Math.max(2, capacity - 1)) << 1;
        slots = new RequestTrace[size];
        for (int i = 0; i < size; i++) {
            slots[i] = new RequestTrace();
        }
        mask = size - 1;
    }

    /** Producer: copies {@code t} into the ring; false (nothing taken) if it is full. */
    boolean offer(RequestTrace t) {
        long tl = (long) TAIL.getOpaque(this);
        if (tl - headSeen >= slots.length) {
            headSeen = (long) HEAD.getAcquire(this);
            if (tl - headSeen >= slots.length) {
                return false;
            }
        }
        slots[(int) (tl & mask)].copyFrom(t);
        TAIL.setRelease(this, tl + 1);
        return true;
    }

    /** Consumer: the oldest trace not yet consumed, or null; valid until {@link #consumed()}. */
    public RequestTrace peek() {
        long hd = (long) HEAD.getOpaque(this);
        if (hd == (long) TAIL.getAcquire(this)) {
            return null;
        }
        return slots[(int) (hd & mask)];
    }

    /** Consumer: frees the slot {@link #peek()} returned. */
    public void consumed() {
        long hd = (long) HEAD.getOpaque(this);
        slots[(int) (hd & mask)].reset(); // keeps no request's strings alive in an idle ring
        HEAD.setRelease(this, hd + 1);
    }

    public int capacity() {
        return slots.length;
    }
}
