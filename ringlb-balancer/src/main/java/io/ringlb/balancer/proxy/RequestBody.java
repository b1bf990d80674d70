package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * A proxied request's body as its exchange holds it: the pieces waiting for a replica connection,
 * and, while the request is replayable, retained copies of every piece so far, for a retry on
 * another replica. A body bigger than the replay limit stops being replayable and streams with
 * no copy. Pieces are slices of the client's read buffers, chunk framing included, exactly as the
 * replica gets them. Event-loop confined.
 */
final class RequestBody {

    private final int maxReplay;
    private ArrayDeque<ByteBuf> pending;
    private ArrayList<ByteBuf> replay;
    private boolean replayable;
    private int replayBytes;
    private boolean complete;

    /**
     * @param replayable whether the request may be sent again at all (an idempotent method)
     * @param complete   whether the request has no body (it is complete with its head)
     */
    RequestBody(boolean replayable, int maxReplay, boolean complete) {
        this.replayable = replayable;
        this.maxReplay = maxReplay;
        this.complete = complete;
    }

    /** Notes a piece that arrived from the client (keeping a copy if replayable). */
    void received(ByteBuf piece) {
        if (!replayable) {
            return;
        }
        int n = piece.readableBytes();
        if (replayBytes + n > maxReplay) {
            replayable = false;
            releaseReplay();
            return;
        }
        if (replay == null) {
            replay = new ArrayList<>(4);
        }
        replay.add(piece.retainedDuplicate());
        replayBytes += n;
    }

    /** The last piece arrived. */
    void end() {
        complete = true;
    }

    /** Keeps a piece until a connection is ready; the body now owns it. */
    void hold(ByteBuf piece) {
        if (pending == null) {
            pending = new ArrayDeque<>(4);
        }
        pending.add(piece);
    }

    /** The next held piece, or null; the caller owns it. */
    ByteBuf nextHeld() {
        return pending == null ? null : pending.poll();
    }

    /** Whether the whole body so far can be sent again. */
    boolean replayable() {
        return replayable;
    }

    /** Whether the last piece arrived. */
    boolean complete() {
        return complete;
    }

    /** Makes the held pieces a fresh copy of everything received so far, for a retry. */
    void rewind() {
        releaseHeld();
        if (replay != null) {
            for (ByteBuf b : replay) {
                hold(b.retainedDuplicate());
            }
        }
    }

    /** Releases every buffer held. */
    void release() {
        releaseHeld();
        releaseReplay();
    }

    private void releaseHeld() {
        ByteBuf b;
        while ((b = nextHeld()) != null) {
            b.release();
        }
    }

    private void releaseReplay() {
        if (replay != null) {
            for (ByteBuf b : replay) {
                b.release();
            }
            replay = null;
        }
    }
}
