package io.k3j.agent.simulated;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Node and Lease writes of simulated kubelets: registration, status, the not-ready taint, lease
 * renewal, and the pod CIDR each node's object carries as last seen. Writes carry the
 * resourceVersion read and re-read on 409. Thread-safe.
 */
final class NodeRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedNodes.class);
    static final Resource NODES = Resource.core("nodes");
    static final Resource LEASES = Resource.of("coordination.k8s.io", "v1", "leases");
    private static final int CONFLICT_RETRIES = 5;

    private final ApiClient client;
    private final String kubeletVersion;
    private final Clock clock;
    private final Map<String, String> podCidrs = new ConcurrentHashMap<>();
    /** Each node's lease as its last renewal wrote it (the client's own copies). */
    private final Map<String, ObjectNode> leases = new ConcurrentHashMap<>();

    NodeRegistrar(ApiClient client, String kubeletVersion, Clock clock) {
        this.client = client;
        this.kubeletVersion = kubeletVersion;
        this.clock = clock;
    }

    /** The node's pod CIDR as last seen, or null. */
    String podCidr(String name) {
        return podCidrs.get(name);
    }

    /** The node's pod CIDR as its object now says; null when it has none (yet). */
    String refreshPodCidr(String name) {
        try {
            return learnPodCidr(client.get(NODES, null, name));
        } catch (ApiException e) {
            if (e.status().code() == 404) {
                return null;
            }
            throw e;
        }
    }

    /** Records the CIDR the node object carries (logging a new one); null when it has none. */
    String learnPodCidr(ObjectNode node) {
        String cidr = node.path("spec").path("podCIDR").asString("");
        if (cidr.isEmpty()) {
            podCidrs.remove(Meta.name(node));
            return null;
        }
        if (!cidr.equals(podCidrs.put(Meta.name(node), cidr))) {
            LOG.info("simulated node {}: pod CIDR {}", Meta.name(node), cidr);
        }
        return cidr;
    }

    /**
     * Creates or updates the node, reports it Ready, lifts the not-ready taint (the server's own
     * nodes) and renews its lease.
     */
    void register(SimulatedNode n) {
        ObjectNode node;
        try {
            ObjectNode existing = client.get(NODES, null, n.name());
            node = client.update(NODES, null, SimulatedStatus.node(existing, n));
        } catch (ApiException e) {
            if (e.status().code() != 404) {
                throw e;
            }
            node = client.create(NODES, null, SimulatedStatus.node(null, n));
        }
        learnPodCidr(node);
        node = writeNodeStatus(node, n);
        if (n.liftsNotReadyTaint()) {
            liftNotReadyTaint(node);
        }
        renewLease(node);
    }

    ObjectNode writeNodeStatus(ObjectNode node, SimulatedNode n) {
        for (int attempt = 0; ; attempt++) {
            ObjectNode copy = node.deepCopy();
            copy.set("status", SimulatedStatus.nodeStatus(node.get("status") instanceof ObjectNode s ? s : null, n,
                    kubeletVersion, clock.instant()));
            try {
                return client.updateStatus(NODES, null, copy);
            } catch (ApiException e) {
                if (e.status().code() != 409 || attempt >= CONFLICT_RETRIES) {
                    throw e;
                }
                node = client.get(NODES, null, Meta.name(node));
            }
        }
    }

    /**
     * Upstream's node lifecycle controller removes the not-ready taint once a node reports
     * Ready; for simulated nodes this component does it.
     */
    void liftNotReadyTaint(ObjectNode node) {
        for (int attempt = 0; SimulatedStatus.hasNotReadyTaint(node); attempt++) {
            try {
                client.update(NODES, null, SimulatedStatus.withoutNotReadyTaint(node));
                return;
            } catch (ApiException e) {
                if (e.status().code() != 409 || attempt >= CONFLICT_RETRIES) {
                    throw e;
                }
                node = client.get(NODES, null, Meta.name(node));
            }
        }
    }

    /**
     * Renews the node's lease as upstream's lease controller does: an update of the lease this
     * node last wrote, read again only when that copy is missing or stale (409).
     */
    void renewLease(ObjectNode node) {
        String name = Meta.name(node);
        Instant now = clock.instant();
        ObjectNode lease = leases.get(name);
        for (int attempt = 0; ; attempt++) {
            try {
                if (lease == null) {
                    try {
                        lease = client.get(LEASES, SimulatedStatus.NODE_LEASE_NAMESPACE, name);
                    } catch (ApiException e) {
                        if (e.status().code() != 404) {
                            throw e;
                        }
                        leases.put(name, client.create(LEASES, SimulatedStatus.NODE_LEASE_NAMESPACE,
                                SimulatedStatus.lease(node, now)));
                        return;
                    }
                }
                ObjectNode spec = lease.has("spec") && lease.get("spec").isObject()
                        ? (ObjectNode) lease.get("spec") : lease.putObject("spec");
                spec.put("holderIdentity", name);
                spec.put("leaseDurationSeconds", SimulatedStatus.LEASE_DURATION_SECONDS);
                spec.put("renewTime", SimulatedStatus.microTime(now));
                leases.put(name, client.update(LEASES, SimulatedStatus.NODE_LEASE_NAMESPACE, lease));
                return;
            } catch (ApiException e) {
                leases.remove(name);
                lease = null;
                if ((e.status().code() != 409 && e.status().code() != 404) || attempt >= CONFLICT_RETRIES) {
                    throw e;
                }
            }
        }
    }
}
