package io.ringlb.balancer.admin;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.ringlb.balancer.cluster.AdminException;
import io.ringlb.balancer.cluster.ClusterView;
import io.ringlb.balancer.cluster.ReplicaControl;
import io.ringlb.balancer.cluster.Routing;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoints of CONTRACT.md: {@code GET /}, {@code GET /rep}, {@code POST /add},
 * {@code DELETE /rm} (or {@code POST /rm}), with {@code ?dry_run=true} for the last two. On the
 * traffic port every other path is proxied, so these four paths are its whole admin surface; the
 * admin listener sends its {@code /rep}, {@code /add} and {@code /rm} here too, so that one entry,
 * {@link #handle}, serves every admin request that reads or changes the replica set.
 */
public final class AdminApi {

    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

    /** The largest admin request body accepted. */
    public static final int MAX_BODY = 64 * 1024;

    private final ReplicaControl supervisor;
    private final Routing routing;
    private final String homepage;
    private final String description;

    public AdminApi(ReplicaControl supervisor, Routing routing, String description) {
        this.supervisor = supervisor;
        this.routing = routing;
        this.description = description;
        this.homepage = "ringlb: consistent-hashing load balancer (" + description + "). "
                + "GET /rep lists replicas, POST /add and DELETE /rm change them; every other path is "
                + "proxied to a replica by consistent hashing. See README.md, section API.";
    }

    /** The balancer's configuration in a few words, e.g. {@code ring (vnodes=4096), key header:X-Request-Id,random}. */
    public String description() {
        return description;
    }

    /** Whether {@code path} (without query) is an admin endpoint rather than a proxied one. */
    public static boolean isAdminPath(String uri) {
        int end = uri.indexOf('?');
        int len = end < 0 ? uri.length() : end;
        return (len == 1 && uri.charAt(0) == '/')
                || (len == 4 && (uri.startsWith("/rep") || uri.startsWith("/add")))
                || (len == 3 && uri.startsWith("/rm"));
    }

    /** Handles one admin request; the future never fails (errors become failure replies). */
    public CompletableFuture<FullHttpResponse> handle(HttpMethod method, String uri, byte[] body) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        try {
            return switch (path) {
                case "/" -> only(method, path, HttpMethod.GET, () -> done(JsonReplies.success(homepage)));
                case "/rep" -> only(method, path, HttpMethod.GET, () -> done(replicas(routing.view())));
                case "/add" -> only(method, path, HttpMethod.POST, () -> DryRun.requested(uri)
                        ? DryRun.answer("add", supervisor.previewAdd(ScaleRequestParser.parse(body)), routing.hashing())
                        : change(supervisor.add(ScaleRequestParser.parse(body))));
                case "/rm" -> (method.equals(HttpMethod.DELETE) || method.equals(HttpMethod.POST))
                        ? DryRun.requested(uri)
                                ? DryRun.answer("rm", supervisor.previewRemove(ScaleRequestParser.parse(body)), routing.hashing())
                                : change(supervisor.remove(ScaleRequestParser.parse(body)))
                        : done(notAllowed(method, path, "DELETE, POST"));
                default -> throw new IllegalArgumentException("not an admin path: " + path);
            };
        } catch (AdminException e) {
            return done(JsonReplies.failure(e.status(), e.getMessage()));
        }
    }

    private static CompletableFuture<FullHttpResponse> only(HttpMethod method, String path, HttpMethod allowed,
                                                            java.util.function.Supplier<CompletableFuture<FullHttpResponse>> action) {
        if (method.equals(allowed) || (allowed.equals(HttpMethod.GET) && method.equals(HttpMethod.HEAD))) {
            return action.get();
        }
        return done(notAllowed(method, path, allowed.name()));
    }

    private static FullHttpResponse notAllowed(HttpMethod method, String path, String allow) {
        FullHttpResponse r = JsonReplies.failure(405, "<Error> Method " + method + " is not allowed on " + path + " (use " + allow + ")");
        r.headers().set(HttpHeaderNames.ALLOW, allow);
        return r;
    }

    /** The {@code /rep} reply; in cluster mode with the ring's version, in the body and a header. */
    private FullHttpResponse replicas(ClusterView view) {
        FullHttpResponse r = JsonReplies.replicas(view, routing.versionShown());
        if (routing.versionShown()) {
            r.headers().set(JsonReplies.RING_VERSION, view.version());
        }
        supervisor.adminHeaders().forEach(r.headers()::set);
        return r;
    }

    private CompletableFuture<FullHttpResponse> change(CompletableFuture<ClusterView> op) {
        return replyTo(op, this::replicas);
    }

    /** The reply to an admin operation: {@code success} of its result, or the failure it ended with. */
    static <T> CompletableFuture<FullHttpResponse> replyTo(CompletableFuture<T> op, java.util.function.Function<T, FullHttpResponse> success) {
        return op.handle((value, err) -> {
            if (err == null) {
                return success.apply(value);
            }
            Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (t instanceof AdminException a) {
                return JsonReplies.failure(a.status(), a.getMessage());
            }
            log.error("admin operation failed", t);
            return JsonReplies.failure(500, "<Error> Internal error: " + t);
        });
    }

    private static CompletableFuture<FullHttpResponse> done(FullHttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
