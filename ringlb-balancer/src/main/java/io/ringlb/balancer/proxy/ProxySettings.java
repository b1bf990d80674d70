package io.ringlb.balancer.proxy;

import java.time.Duration;

/**
 * How the proxy treats each request.
 *
 * @param hashKey              where the hash key comes from
 * @param balanceFactor        bounded loads' c, or 0 for plain consistent hashing
 * @param retries              how many other replicas a failed attempt may move on to
 * @param maxReplayBody        the largest request body kept for a retry; bigger bodies stream
 *                             without a copy and are retried only when the replica could not be
 *                             reached at all
 * @param connectTimeout       to open a connection to a replica
 * @param responseTimeout      from the request's last progress (connecting, or a piece of it sent)
 *                             to the start of its response, and then between two pieces of the
 *                             response body (a stall)
 * @param clientIdleTimeout    an idle client keep-alive connection is closed after this
 * @param requestHeaderTimeout the whole request head must arrive within this
 * @param backendIdleTimeout   a pooled replica connection unused for this long is closed
 * @param limits               the size limits of a request
 * @param rewrite404           turn a replica's 404 into the contract's 400 failure JSON
 */
public record ProxySettings(HashKey hashKey, double balanceFactor, int retries, int maxReplayBody,
                            Duration connectTimeout, Duration responseTimeout, Duration clientIdleTimeout,
                            Duration requestHeaderTimeout, Duration backendIdleTimeout, RequestLimits limits,
                            boolean rewrite404) {

    public static final Duration DEFAULT_REQUEST_HEADER_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_BACKEND_IDLE_TIMEOUT = Duration.ofSeconds(30);

    public boolean boundedLoads() {
        return balanceFactor > 0;
    }
}
