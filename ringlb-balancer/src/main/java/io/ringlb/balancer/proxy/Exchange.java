package io.ringlb.balancer.proxy;

import io.netty.buffer.ByteBuf;

/**
 * One request and its response on a client connection, made by the {@link FrontendHandler} once
 * the request head is read and judged. The frontend runs one exchange at a time and keeps
 * pipelined requests behind it. All methods run on the connection's event loop.
 */
interface Exchange {

    /** Starts work on the request; called once, right after the head (the body may follow). */
    void start();

    /** A piece of the request body; the exchange owns (and must release) it. */
    void onRequestBody(ByteBuf piece);

    /** The whole request has arrived. */
    void onRequestEnd();

    /**
     * The request body broke off or went over a limit ({@code status} says which): the request
     * cannot be passed on whole, so it must not be passed on as if it were. The client connection
     * closes once the exchange has answered.
     */
    void onRequestBroken(int status, String message);

    /** The client read a batch: flush what was written on its behalf. */
    void flushToBackend();

    /** The client connection's writability changed (back-pressure towards the replica). */
    void clientWritabilityChanged(boolean writable);

    /** The balancer is shutting down: the client connection closes after this exchange. */
    void drain();

    /** The client went away: stop, release everything, answer nobody. */
    void abort();
}
