package io.ringlb.balancer.proxy;

import io.netty.channel.Channel;

/**
 * One admitted client connection's place under the {@link ClientConnectionLimit}: its
 * {@link FrontendHandler} marks it recently active on each read ({@link #touched()}) and frees it
 * when the connection closes ({@link #released()}). Also the node of its loop's
 * {@link ClientConnectionLimit.IdleOrder}.
 */
final class ClientSlot {

    private final ClientConnectionLimit limit;
    private final ClientConnectionLimit.IdleOrder order;
    final Channel channel;
    /** The connection's proxy handler, once installed: it knows whether a request is being answered. */
    FrontendHandler frontend;
    ClientSlot prev;
    ClientSlot next;
    boolean linked;

    ClientSlot(ClientConnectionLimit limit, ClientConnectionLimit.IdleOrder order, Channel channel) {
        this.limit = limit;
        this.order = order;
        this.channel = channel;
        order.append(this);
    }

    /** Whether the connection waits for a request, answering none. */
    boolean idle() {
        return frontend == null || frontend.awaitingRequest();
    }

    /** The connection was just read from: the end of its loop's idle order. */
    void touched() {
        order.touch(this);
    }

    /** The connection closed: out of the order, and its place under the limit is free. */
    void released() {
        order.unlink(this);
        limit.released();
    }
}
