package io.k3j.controllers.nodelifecycle;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When each node's kubelet was last heard from, by this controller's clock (upstream's
 * nodeHealthMap and probeTimestamp): a new Ready heartbeat or a renewed Lease counts as a probe.
 * A node first seen gets a full grace period. Thread-safe.
 */
final class NodeHealth {

    private record Probe(String readyHeartbeat, String leaseRenew, Instant at) {
    }

    private final Map<String, Probe> probes = new ConcurrentHashMap<>();

    /**
     * Records what the node shows now and answers whether its kubelet has been silent for longer
     * than {@code grace}.
     */
    boolean overdue(String node, String readyHeartbeat, String leaseRenew, Instant now, Duration grace) {
        Probe p = probes.compute(node, (k, old) -> {
            if (old == null) {
                return new Probe(readyHeartbeat, leaseRenew, now);
            }
            boolean heard = !old.readyHeartbeat().equals(readyHeartbeat)
                    || (!leaseRenew.isEmpty() && leaseRenew.compareTo(old.leaseRenew()) > 0);
            return heard ? new Probe(readyHeartbeat, leaseRenew.isEmpty() ? old.leaseRenew() : leaseRenew, now) : old;
        });
        return now.isAfter(p.at().plus(grace));
    }

    /** When the node was last heard from, or null when it is unknown. */
    Instant lastProbe(String node) {
        Probe p = probes.get(node);
        return p == null ? null : p.at();
    }

    void forget(String node) {
        probes.remove(node);
    }
}
