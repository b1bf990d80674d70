package io.ringlb.balancer;

import io.ringlb.balancer.accesslog.AccessLogSettings;

/**
 * How the balancer can be watched.
 *
 * @param adminBind address of the admin listener
 * @param adminPort its port; 0 turns the admin listener off
 * @param metrics   whether the data path counts requests (off: {@code --no-metrics}; JVM and
 *                  replica-set metrics remain)
 * @param accessLog the access log, or null for none
 */
public record ObserveSettings(String adminBind, int adminPort, boolean metrics, AccessLogSettings accessLog) {

    public static final int DEFAULT_ADMIN_PORT = 9901;

    /** No admin listener, no access log, requests counted: what embedded balancers (tests) get. */
    public static ObserveSettings quiet() {
        return new ObserveSettings("127.0.0.1", 0, true, null);
    }

    public boolean adminListener() {
        return adminPort > 0;
    }
}
