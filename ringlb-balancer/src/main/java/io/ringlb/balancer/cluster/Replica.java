package io.ringlb.balancer.cluster;

import io.ringlb.balancer.provision.ProvisionedReplica;
import io.ringlb.balancer.traffic.ReplicaTraffic;
import io.ringlb.balancer.traffic.Upstream;
import io.ringlb.core.RingMember;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;

/**
 * A replica as the balancer tracks it: identity, address, the requests it has in flight and its
 * traffic counters. Immutable except those counters, which the proxy updates from every event loop.
 */
public final class Replica implements Upstream {

    private final ProvisionedReplica provisioned;
    private final int ordinal;
    private final byte[] nameBytes;
    /** Striped: every event loop updates it on every request, and only drains and bounded loads read it. */
    private final LongAdder inFlight = new LongAdder();
    private final ReplicaTraffic traffic = new ReplicaTraffic();
    private volatile boolean retired;

    public Replica(ProvisionedReplica provisioned, int ordinal) {
        this.provisioned = provisioned;
        this.ordinal = ordinal;
        this.nameBytes = provisioned.name().getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public String name() {
        return provisioned.name();
    }

    @Override
    public ReplicaTraffic traffic() {
        return traffic;
    }

    /** The name as it goes into a header field (names are ASCII). Not to be modified. */
    public byte[] nameBytes() {
        return nameBytes;
    }

    public InetSocketAddress address() {
        return provisioned.address();
    }

    /** The spec mode's integer replica id i. */
    public int ordinal() {
        return ordinal;
    }

    public ProvisionedReplica provisioned() {
        return provisioned;
    }

    public RingMember ringMember() {
        return RingMember.of(name(), ordinal);
    }

    /** Requests sent to this replica whose response has not finished. */
    public int inFlight() {
        return (int) inFlight.sum();
    }

    public void requestStarted() {
        inFlight.increment();
    }

    public void requestFinished() {
        inFlight.decrement();
    }

    /** Whether the replica left for good: connections to it must not be pooled. */
    public boolean retired() {
        return retired;
    }

    void retire() {
        retired = true;
    }

    @Override
    public String toString() {
        return name() + "@" + address().getAddress().getHostAddress() + ":" + address().getPort();
    }
}
