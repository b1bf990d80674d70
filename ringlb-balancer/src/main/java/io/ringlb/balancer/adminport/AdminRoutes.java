package io.ringlb.balancer.adminport;

import io.ringlb.balancer.admin.AdminApi;
import io.ringlb.balancer.metrics.BalancerMetrics;
import io.ringlb.balancer.traffic.TrafficRecorder;

/** What the admin listener's handler answers with: shared by all its connections. */
record AdminRoutes(AdminApi admin, BalancerMetrics metrics, RingEndpoint ring, StatsEndpoint stats,
                   DashboardFeed dashboard, StaticAssets assets, TrafficRecorder recorder) {
}
