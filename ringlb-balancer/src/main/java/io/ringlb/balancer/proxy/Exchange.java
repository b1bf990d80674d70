package io.ringlb.balancer.proxy;

import io.netty.handler.codec.http.HttpContent;

/**
 * One request and its response on a client connection. The {@link FrontendHandler} runs one
 * exchange at a time and queues pipelined requests behind it; all methods run on the
 * connection's event loop.
 */
interface Exchange {

    /** Called once, right after the request head arrived. */
    void start();

    /** A piece of the request body; the exchange owns (and must release) it. */
    void onRequestContent(HttpContent content);

    /** Whether the whole request (up to its last content) has arrived. */
    boolean requestComplete();

    /** The client read a batch: flush what was written on its behalf. */
    void flushToBackend();

    /** The client connection's writability changed (back-pressure towards the replica). */
    void clientWritabilityChanged(boolean writable);

    /** The client went away: stop, release everything, answer nobody. */
    void abort();
}
