package io.ringlb.balancer.proxy;

import io.netty.handler.codec.http.FullHttpResponse;
import io.ringlb.balancer.admin.JsonReplies;

/**
 * The assignment's contract for a path the replicas do not know: a replica's 404 becomes a 400
 * failure JSON naming the path, {@code <Error> '/other' endpoint does not exist in server
 * replicas} (unless {@code --pass-404}). The replica's own 404 body is read and dropped, so its
 * connection can carry the next request.
 */
final class NotFoundRewrite {

    private NotFoundRewrite() {
    }

    /** Whether a response with {@code status} is rewritten under {@code settings}. */
    static boolean applies(int status, ProxySettings settings) {
        return status == 404 && settings.rewrite404();
    }

    /** The contract's answer for a request to {@code target} (its query left out). */
    static FullHttpResponse reply(String target) {
        int q = target.indexOf('?');
        return JsonReplies.failure(400, "<Error> '" + (q < 0 ? target : target.substring(0, q))
                + "' endpoint does not exist in server replicas");
    }
}
