package io.k3j.client.leaderelection;

import java.time.Duration;

/**
 * A leader election on the Lease {@code namespace/name}: {@code identity} names this
 * candidate; a leader that has not renewed for {@code leaseDuration} may be replaced; a leader
 * gives up when it cannot renew within {@code renewDeadline}; candidates retry every
 * {@code retryPeriod}. Upstream's defaults are 15 s, 10 s and 2 s.
 */
public record LeaderElectionConfig(String namespace, String name, String identity, Duration leaseDuration,
                                   Duration renewDeadline, Duration retryPeriod) {

    public LeaderElectionConfig {
        if (!leaseDuration.minus(renewDeadline).isPositive()) {
            throw new IllegalArgumentException("leaseDuration must be greater than renewDeadline");
        }
        if (!renewDeadline.minus(retryPeriod).isPositive()) {
            throw new IllegalArgumentException("renewDeadline must be greater than retryPeriod");
        }
    }

    public static LeaderElectionConfig defaults(String namespace, String name, String identity) {
        return new LeaderElectionConfig(namespace, name, identity, Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(2));
    }
}
