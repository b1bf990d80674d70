package io.ringlb.balancer.admin;

import io.ringlb.balancer.cluster.AdminException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Looks up the hosts of static backends given to {@code /add}, on a thread of its own: a name
 * lookup blocks (for seconds, when DNS is slow), and admin requests arrive on the proxy's event
 * loops, which must never block, nor delay the supervisor's control thread and its heartbeats.
 * One thread, started when needed and gone after 30 s idle.
 */
final class BackendResolver {

    private final Executor lookups;

    BackendResolver() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "ringlb-backend-lookup");
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        this.lookups = pool;
    }

    /**
     * Resolves {@code addresses} (as {@link ScaleRequestParser} left them, unresolved), in order;
     * fails with a 400 {@link AdminException} naming the first that does not resolve.
     */
    CompletableFuture<List<InetSocketAddress>> resolve(List<InetSocketAddress> addresses) {
        return CompletableFuture.supplyAsync(() -> {
            List<InetSocketAddress> resolved = new ArrayList<>();
            for (InetSocketAddress a : addresses) {
                InetSocketAddress r = new InetSocketAddress(a.getHostString(), a.getPort());
                if (r.isUnresolved()) {
                    throw new CompletionException(AdminException.badRequest("<Error> Address '" + a.getHostString() + ":" + a.getPort()
                            + "': host '" + a.getHostString() + "' does not resolve"));
                }
                resolved.add(r);
            }
            return resolved;
        }, lookups);
    }
}
