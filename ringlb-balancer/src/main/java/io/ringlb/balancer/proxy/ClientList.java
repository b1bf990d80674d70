package io.ringlb.balancer.proxy;

import java.util.function.Consumer;

/**
 * The client connections of one event loop, for shutdown: a linked list through the frontends
 * themselves (add, remove: a few pointer writes, no allocation, no lock), touched only by the
 * loop's thread. Its size may be read from any thread.
 */
final class ClientList {

    private FrontendHandler head;
    private volatile int size;

    void add(FrontendHandler f) {
        f.listNext = head;
        f.listPrev = null;
        if (head != null) {
            head.listPrev = f;
        }
        head = f;
        size = size + 1; // one writer: the loop
    }

    void remove(FrontendHandler f) {
        if (f.listPrev == null && head != f) {
            return; // not in the list
        }
        if (f.listPrev == null) {
            head = f.listNext;
        } else {
            f.listPrev.listNext = f.listNext;
        }
        if (f.listNext != null) {
            f.listNext.listPrev = f.listPrev;
        }
        f.listPrev = null;
        f.listNext = null;
        size = size - 1;
    }

    /** Runs {@code action} for every connection (which may remove itself meanwhile). */
    void forEach(Consumer<FrontendHandler> action) {
        FrontendHandler f = head;
        while (f != null) {
            FrontendHandler next = f.listNext;
            action.accept(f);
            f = next;
        }
    }

    /** Connections open now (from any thread: as of a moment ago). */
    int size() {
        return size;
    }
}
