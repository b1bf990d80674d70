package io.ringlb.balancer.admin;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.ringlb.balancer.cluster.AdminException;
import io.ringlb.balancer.cluster.ClusterView;
import io.ringlb.balancer.cluster.ReplicaControl;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.balancer.cluster.ScaleRequest;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoints of CONTRACT.md: {@code GET /}, {@code GET /rep}, {@code POST /add},
 * {@code DELETE /rm} (or {@code POST /rm}), with {@code ?dry_run=true} for the last two. On the
 * traffic port every other path is proxied, so these four paths are its whole admin surface; the
 * admin listener sends its {@code /rep}, {@code /add} and {@code /rm} here too, so that one entry,
 * {@link #handle}, serves every admin request that reads or changes the replica set, and every
 * {@code /add} and {@code /rm} (dry runs too) passes {@link AdminAccess} there.
 */
public final class AdminApi {

    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

    /** The largest admin request body accepted. */
    public static final int MAX_BODY = 64 * 1024;

    private final ReplicaControl supervisor;
    private final Routing routing;
    private final AdminAccess access;
    private final BackendResolver resolver = new BackendResolver();
    private final String homepage;
    private final String description;

    public AdminApi(ReplicaControl supervisor, Routing routing, AdminAccess access, String description) {
        this.supervisor = supervisor;
        this.routing = routing;
        this.access = access;
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

    /**
     * Handles one admin request, {@code head} with its whole {@code body}, from the client at
     * {@code peer} (the connection's remote address). The future never fails: errors become
     * failure replies.
     */
    public CompletableFuture<FullHttpResponse> handle(HttpRequest head, SocketAddress peer, byte[] body) {
        HttpMethod method = head.method();
        String uri = head.uri();
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        try {
            return switch (path) {
                case "/" -> only(method, path, HttpMethod.GET, () -> done(JsonReplies.success(homepage)));
                case "/rep" -> only(method, path, HttpMethod.GET, () -> done(replicas(routing.view())));
                case "/add" -> only(method, path, HttpMethod.POST, () -> add(caller(head, peer, "POST /add"), DryRun.requested(uri), body));
                case "/rm" -> {
                    if (!method.equals(HttpMethod.DELETE) && !method.equals(HttpMethod.POST)) {
                        yield done(notAllowed(method, path, "DELETE, POST"));
                    }
                    caller(head, peer, method + " /rm");
                    yield remove(DryRun.requested(uri), body);
                }
                default -> throw new IllegalArgumentException("not an admin path: " + path);
            };
        } catch (AdminException e) {
            return done(failure(e));
        }
    }

    /** The client of a request that changes (or previews a change of) the cluster, once {@link AdminAccess} lets it. */
    private AdminAccess.Caller caller(HttpRequest head, SocketAddress peer, String what) {
        AdminAccess.Caller caller = access.identify(peer, head.headers().getAll(HttpHeaderNames.AUTHORIZATION));
        access.checkChange(caller, what);
        return caller;
    }

    private CompletableFuture<FullHttpResponse> add(AdminAccess.Caller caller, boolean dryRun, byte[] body) {
        ScaleRequest req = ScaleRequestParser.parse(body);
        CompletableFuture<ScaleRequest> ready;
        if (req.addresses().isEmpty()) {
            ready = CompletableFuture.completedFuture(req);
        } else {
            access.checkMayNameBackends(caller); // before any lookup
            ready = resolver.resolve(req.addresses()).thenApply(resolved -> {
                access.checkBackends(caller, resolved);
                return new ScaleRequest(req.n(), req.hostnames(), resolved);
            });
        }
        return dryRun
                ? DryRun.answer("add", ready.thenCompose(supervisor::previewAdd), routing.hashing())
                : change(ready.thenCompose(supervisor::add));
    }

    private CompletableFuture<FullHttpResponse> remove(boolean dryRun, byte[] body) {
        ScaleRequest req = ScaleRequestParser.parse(body);
        return dryRun
                ? DryRun.answer("rm", supervisor.previewRemove(req), routing.hashing())
                : change(supervisor.remove(req));
    }

    private static CompletableFuture<FullHttpResponse> only(HttpMethod method, String path, HttpMethod allowed,
                                                            Supplier<CompletableFuture<FullHttpResponse>> action) {
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

    /** The failure reply of a refused request, with its {@code WWW-Authenticate} challenge if it has one. */
    private static FullHttpResponse failure(AdminException e) {
        FullHttpResponse r = JsonReplies.failure(e.status(), e.getMessage());
        if (e.challenge() != null) {
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, e.challenge());
        }
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
    static <T> CompletableFuture<FullHttpResponse> replyTo(CompletableFuture<T> op, Function<T, FullHttpResponse> success) {
        return op.handle((value, err) -> {
            if (err == null) {
                return success.apply(value);
            }
            Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
            if (t instanceof AdminException a) {
                return failure(a);
            }
            log.error("admin operation failed", t);
            return JsonReplies.failure(500, "<Error> Internal error: " + t);
        });
    }

    private static CompletableFuture<FullHttpResponse> done(FullHttpResponse r) {
        return CompletableFuture.completedFuture(r);
    }
}
