package io.ringlb.balancer.proxy;

import java.time.Duration;

/**
 * How the proxy treats each request.
 *
 * @param hashKey          where the hash key comes from
 * @param balanceFactor    bounded loads' c, or 0 for plain consistent hashing
 * @param retries          how many other replicas a failed attempt may move on to
 * @param maxReplayBody    the largest request body kept for a retry; bigger bodies stream without
 *                         a copy and are retried only when the replica could not be reached at all
 * @param connectTimeout   to open a connection to a replica
 * @param responseTimeout  from the request's last progress (connecting, or a piece of it sent) to
 *                         the start of its response
 * @param clientIdleTimeout an idle client keep-alive connection is closed after this
 * @param rewrite404       turn a replica's 404 into the contract's 400 failure JSON
 */
public record ProxySettings(HashKey hashKey, double balanceFactor, int retries, int maxReplayBody,
                            Duration connectTimeout, Duration responseTimeout, Duration clientIdleTimeout,
                            boolean rewrite404) {

    public boolean boundedLoads() {
        return balanceFactor > 0;
    }
}
