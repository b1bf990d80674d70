package io.ringlb.balancer.admin;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.ringlb.balancer.cluster.AdminException;
import io.ringlb.balancer.cluster.ClusterView;
import io.ringlb.balancer.cluster.ReplicaSupervisor;
import io.ringlb.balancer.cluster.Routing;
import io.ringlb.balancer.cluster.ScaleRequest;
import java.net.SocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin endpoints of CONTRACT.md: {@code GET /}, {@code GET /rep}, {@code POST /add},
 * {@code DELETE /rm} (or {@code POST /rm}). Every other path is proxied, so these four paths
 * are the whole admin surface, and {@link #handle} the one way into it: the requests that change
 * the cluster pass {@link AdminAccess} there.
 */
public final class AdminApi {

    private static final Logger log = LoggerFactory.getLogger(AdminApi.class);

    /** The largest admin request body accepted. */
    public static final int MAX_BODY = 64 * 1024;

    private final ReplicaSupervisor supervisor;
    private final Routing routing;
    private final AdminAccess access;
    private final BackendResolver resolver = new BackendResolver();
    private final String homepage;

    public AdminApi(ReplicaSupervisor supervisor, Routing routing, AdminAccess access, String description) {
        this.supervisor = supervisor;
        this.routing = routing;
        this.access = access;
        this.homepage = "ringlb: consistent-hashing load balancer (" + description + "). "
                + "GET /rep lists replicas, POST /add and DELETE /rm change them; every other path is "
                + "proxied to a replica by consistent hashing. See README.md, section API.";
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
                case "/rep" -> only(method, path, HttpMethod.GET, () -> done(JsonReplies.replicas(routing.view())));
                case "/add" -> only(method, path, HttpMethod.POST, () -> add(caller(head, peer, "POST /add"), body));
                case "/rm" -> (method.equals(HttpMethod.DELETE) || method.equals(HttpMethod.POST))
                        ? remove(caller(head, peer, method + " /rm"), body)
                        : done(notAllowed(method, path, "DELETE, POST"));
                default -> throw new IllegalArgumentException("not an admin path: " + path);
            };
        } catch (AdminException e) {
            return done(failure(e));
        }
    }

    /** The client of a request that changes the cluster, once {@link AdminAccess} lets it. */
    private AdminAccess.Caller caller(HttpRequest head, SocketAddress peer, String what) {
        AdminAccess.Caller caller = access.identify(peer, head.headers().getAll(HttpHeaderNames.AUTHORIZATION));
        access.checkChange(caller, what);
        return caller;
    }

    private CompletableFuture<FullHttpResponse> add(AdminAccess.Caller caller, byte[] body) {
        ScaleRequest req = ScaleRequestParser.parse(body);
        if (req.addresses().isEmpty()) {
            return change(supervisor.add(req));
        }
        access.checkMayNameBackends(caller); // before any lookup
        return change(resolver.resolve(req.addresses()).thenCompose(resolved -> {
            access.checkBackends(caller, resolved);
            return supervisor.add(new ScaleRequest(req.n(), req.hostnames(), resolved));
        }));
    }

    /** @param allowed the caller, whom {@link AdminAccess} has let through */
    private CompletableFuture<FullHttpResponse> remove(AdminAccess.Caller allowed, byte[] body) {
        return change(supervisor.remove(ScaleRequestParser.parse(body)));
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

    private static FullHttpResponse failure(AdminException e) {
        FullHttpResponse r = JsonReplies.failure(e.status(), e.getMessage());
        if (e.challenge() != null) {
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, e.challenge());
        }
        return r;
    }

    private static CompletableFuture<FullHttpResponse> change(CompletableFuture<ClusterView> op) {
        return op.handle((view, err) -> {
            if (err == null) {
                return JsonReplies.replicas(view);
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
