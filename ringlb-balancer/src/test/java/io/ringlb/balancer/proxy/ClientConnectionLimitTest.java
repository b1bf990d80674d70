package io.ringlb.balancer.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The default limit, and the idle order one event loop keeps (busy connections: ConnectionLimitIT). */
class ClientConnectionLimitTest {

    @Test
    void theDefaultLeavesAReserveAndAReplicaConnectionPerClientAndFitsTheHeap() {
        long heap = 128L << 20;
        assertThat(ClientConnectionLimit.defaultMax(20_000, 64, heap)).isEqualTo((20_000 - 256 - 4 * 64) / 2).isEqualTo(9744);
        assertThat(ClientConnectionLimit.defaultMax(1024, 64, heap)).isEqualTo(256);
        assertThat(ClientConnectionLimit.defaultMax(300, 64, heap)).as("never below").isEqualTo(64);
        assertThat(ClientConnectionLimit.defaultMax(1_048_576, 64, heap)).as("Docker's limit: the heap's").isEqualTo(32_768);
        assertThat(ClientConnectionLimit.defaultMax(1_048_576, 64, Long.MAX_VALUE)).isEqualTo(524_032);
        assertThat(ClientConnectionLimit.defaultMax(Long.MAX_VALUE, 64, Long.MAX_VALUE)).isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void evictsTheConnectionReadFromLongestAgo() {
        EmbeddedChannel a = new EmbeddedChannel();
        EmbeddedChannel b = new EmbeddedChannel();
        EmbeddedChannel c = new EmbeddedChannel();
        ClientConnectionLimit limit = new ClientConnectionLimit(10, a.eventLoop());
        ClientConnectionLimit.IdleOrder order = new ClientConnectionLimit.IdleOrder();
        ClientSlot sa = new ClientSlot(limit, order, a);
        new ClientSlot(limit, order, b);
        new ClientSlot(limit, order, c);
        order.touch(sa); // a read: a is the most recent now
        assertThat(order.evictOldestIdle()).isTrue();
        assertThat(b.isOpen()).isFalse();
        assertThat(order.evictOldestIdle()).isTrue();
        assertThat(c.isOpen()).isFalse();
        assertThat(a.isOpen()).isTrue();
        order.unlink(sa); // a closed by itself
        assertThat(order.evictOldestIdle()).as("nothing left").isFalse();
    }
}
