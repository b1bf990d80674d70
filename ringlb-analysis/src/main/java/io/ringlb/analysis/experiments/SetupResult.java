package io.ringlb.analysis.experiments;

import java.util.List;

/**
 * What the experiments through a balancer measured on one configuration.
 *
 * @param label       the configuration's name ({@code ring}, ...) or the target's URL
 * @param description the hashing configuration in words
 * @param a1          A-1 at N=3, or null when not run
 * @param a2          A-2, one distribution per N = 2..6 (empty when not run)
 * @param tour        A-3's endpoint tour, or null
 * @param failover    A-3's kill and recovery, or null
 */
public record SetupResult(String label, String description, Distribution a1, List<Distribution> a2,
                          EndpointTour.Tour tour, Failover failover) {

    public SetupResult {
        a2 = List.copyOf(a2);
    }
}
