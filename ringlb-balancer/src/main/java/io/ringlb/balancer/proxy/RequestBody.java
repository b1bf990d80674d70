package io.ringlb.balancer.proxy;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.util.ArrayDeque;
import java.util.ArrayList;

/**
 * A proxied request's body as its exchange holds it: the pieces waiting for a replica connection,
 * and, while the request is replayable, retained copies of every piece so far, for a retry on
 * another replica. A body bigger than the replay limit stops being replayable and streams with
 * no copy. Event-loop confined.
 */
final class RequestBody {

    private final int maxReplay;
    private ArrayDeque<HttpContent> pending;
    private ArrayList<HttpContent> replay;
    private boolean replayable;
    private int replayBytes;
    private boolean complete;

    RequestBody(boolean replayable, int maxReplay) {
        this.replayable = replayable;
        this.maxReplay = maxReplay;
    }

    /** Notes a piece that arrived from the client (keeping a copy if replayable). */
    void received(HttpContent c) {
        boolean last = c instanceof LastHttpContent;
        if (last) {
            complete = true;
        }
        if (!replayable) {
            return;
        }
        int n = c.content().readableBytes();
        if (n == 0 && !(last && !((LastHttpContent) c).trailingHeaders().isEmpty())) {
            return; // an empty last piece is re-made by rewind()
        }
        if (replayBytes + n > maxReplay) {
            replayable = false;
            releaseReplay();
            return;
        }
        if (replay == null) {
            replay = new ArrayList<>(4);
        }
        replay.add(c.retainedDuplicate());
        replayBytes += n;
    }

    /** Keeps a piece until a connection is ready; the body now owns it. */
    void hold(HttpContent c) {
        if (pending == null) {
            pending = new ArrayDeque<>(4);
        }
        pending.add(c);
    }

    /** The next held piece, or null; the caller owns it. */
    HttpContent nextHeld() {
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
        boolean hasLast = false;
        if (replay != null) {
            for (HttpContent c : replay) {
                hold(c.retainedDuplicate());
                hasLast = c instanceof LastHttpContent;
            }
        }
        if (complete && !hasLast) {
            hold(LastHttpContent.EMPTY_LAST_CONTENT);
        }
    }

    /** Releases every buffer held. */
    void release() {
        releaseHeld();
        releaseReplay();
    }

    private void releaseHeld() {
        HttpContent c;
        while ((c = nextHeld()) != null) {
            c.release();
        }
    }

    private void releaseReplay() {
        if (replay != null) {
            for (HttpContent c : replay) {
                c.release();
            }
            replay = null;
        }
    }
}
