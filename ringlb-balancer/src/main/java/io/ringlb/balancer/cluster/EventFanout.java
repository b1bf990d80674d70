package io.ringlb.balancer.cluster;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Passes each event to every registered listener; a listener that throws is logged, not fatal. */
public final class EventFanout implements ClusterEvents {

    private static final Logger log = LoggerFactory.getLogger(EventFanout.class);

    private final List<ClusterEvents> listeners = new CopyOnWriteArrayList<>();

    public void add(ClusterEvents l) {
        listeners.add(l);
    }

    @Override
    public void heartbeat(Replica replica, long nanos, String failure) {
        each(l -> l.heartbeat(replica, nanos, failure));
    }

    @Override
    public void joined(Replica replica, Joined how) {
        each(l -> l.joined(replica, how));
    }

    @Override
    public void left(Replica replica, Left how, String reason) {
        each(l -> l.left(replica, how, reason));
    }

    @Override
    public void healed(Replica replacement, long nanos) {
        each(l -> l.healed(replacement, nanos));
    }

    private void each(Consumer<ClusterEvents> event) {
        for (ClusterEvents l : listeners) {
            try {
                event.accept(l);
            } catch (RuntimeException e) {
                log.warn("cluster event listener failed", e);
            }
        }
    }
}
