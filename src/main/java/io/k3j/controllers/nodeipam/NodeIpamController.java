package io.k3j.controllers.nodeipam;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Resource;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.client.workqueue.Controller;
import io.k3j.client.workqueue.RateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.EventRecorder;
import io.k3j.controllers.ManagedController;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's node IPAM controller with the range allocator (kube-controller-manager run with
 * {@code --allocate-node-cidrs --cluster-cidr}, as K3s runs it): every node without
 * {@code spec.podCIDR} gets the next free /24 of the cluster CIDR (10.42.0.0/16 by default) in
 * {@code spec.podCIDR} and {@code spec.podCIDRs}. CIDRs already on nodes, set by whoever
 * registered them, count as used; a deleted node's CIDR is free again. When the range is
 * exhausted the node gets a {@code CIDRNotAvailable} event and is tried again later. Only the
 * first IPv4 CIDR of a dual-stack cluster CIDR is allocated from. Sync is idempotent.
 */
public final class NodeIpamController implements ManagedController {

    /** Upstream's {@code --node-cidr-mask-size-ipv4} default. */
    public static final int NODE_MASK_SIZE = 24;
    static final Resource NODES = Resource.core("nodes");
    private static final Duration EXHAUSTED_RETRY = Duration.ofSeconds(30);
    private static final Logger LOG = LoggerFactory.getLogger(NodeIpamController.class);

    private final String clusterCidr;
    private ApiClient client;
    private EventRecorder.Recorder events;
    private SharedInformer nodes;
    private Controller controller;
    private CidrSet cidrs;
    /** The CIDR each node is known to hold, so that a deletion frees exactly that. */
    private final Map<String, String> held = new ConcurrentHashMap<>();
    private volatile boolean occupiedExisting;

    /** Allocates from the first IPv4 CIDR of {@code clusterCidr} (K3s's comma-separated form). */
    public NodeIpamController(String clusterCidr) {
        this.clusterCidr = firstIpv4(clusterCidr);
    }

    static String firstIpv4(String clusterCidr) {
        if (clusterCidr == null) {
            return null;
        }
        for (String c : clusterCidr.split(",")) {
            if (c.strip().matches("[0-9.]+/[0-9]+")) {
                return c.strip();
            }
        }
        return null;
    }

    @Override
    public String name() {
        return "node-ipam-controller";
    }

    @Override
    public void start(ControllerContext context) {
        client = context.client();
        events = context.events().forComponent("cidrAllocator");
        held.clear();
        occupiedExisting = false;
        try {
            cidrs = clusterCidr == null ? null : new CidrSet(clusterCidr, NODE_MASK_SIZE);
        } catch (IllegalArgumentException e) {
            LOG.error("node IPAM disabled: {}", e.getMessage());
            cidrs = null;
        }
        if (cidrs == null) {
            return;
        }
        nodes = context.informers().get(NODES);
        RateLimitingQueue<String> queue = new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter());
        controller = new Controller(name(), queue, 1, this::sync);
        nodes.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode node) {
                queue.add(Meta.name(node));
            }

            @Override
            public void onUpdate(ObjectNode oldNode, ObjectNode node) {
                if (podCidr(node).isEmpty() || !podCidr(node).equals(podCidr(oldNode))) {
                    queue.add(Meta.name(node));
                }
            }

            @Override
            public void onDelete(ObjectNode node, boolean finalStateUnknown) {
                queue.add(Meta.name(node));
            }
        });
        controller.run();
    }

    /** The node's {@code spec.podCIDR}, or "" when it has none. */
    /** The node's (first) pod CIDR: {@code spec.podCIDR}, else the first of {@code spec.podCIDRs}. */
    static String podCidr(ObjectNode node) {
        String single = node.path("spec").path("podCIDR").asString("");
        return single.isEmpty() ? node.path("spec").path("podCIDRs").path(0).asString("") : single;
    }

    void sync(String name) {
        if (!nodes.hasSynced()) {
            controller.queue().addAfter(name, Duration.ofMillis(200));
            return;
        }
        occupyExisting();
        Optional<ObjectNode> cached = nodes.indexer().get(name);
        if (cached.isEmpty()) {
            String cidr = held.remove(name);
            if (cidr != null && !heldByAnother(name, cidr)) {
                cidrs.release(cidr);
                LOG.info("node {} is gone: released pod CIDR {}", name, cidr);
            }
            return;
        }
        ObjectNode node = cached.get();
        String existing = podCidr(node);
        if (!existing.isEmpty()) {
            cidrs.occupy(existing);
            held.put(name, existing);
            return;
        }
        Optional<String> next = cidrs.allocateNext();
        if (next.isEmpty()) {
            LOG.warn("no pod CIDR left in {} for node {}", clusterCidr, name);
            events.normal(node, "v1", "Node", "CIDRNotAvailable", "Node " + name + " status is now: CIDRNotAvailable");
            controller.queue().addAfter(name, EXHAUSTED_RETRY);
            return;
        }
        String cidr = next.get();
        try {
            // as upstream: read the node afresh and leave it alone if it got a CIDR meanwhile
            String now = podCidr(client.get(NODES, null, name));
            if (!now.isEmpty()) {
                cidrs.release(cidr);
                cidrs.occupy(now);
                held.put(name, now);
                return;
            }
            ObjectNode patch = Json.object();
            patch.putObject("spec").put("podCIDR", cidr).putArray("podCIDRs").add(cidr);
            client.patch(NODES, null, name, PatchType.MERGE, patch, PatchOptions.none());
        } catch (ApiException e) {
            cidrs.release(cidr);
            if (e.status().code() == 404) {
                return;
            }
            throw e;
        }
        held.put(name, cidr);
        LOG.info("node {}: pod CIDR {}", name, cidr);
    }

    /** Once per leadership term, before the first allocation: every CIDR already on a node is used. */
    private void occupyExisting() {
        if (occupiedExisting) {
            return;
        }
        synchronized (this) {
            if (occupiedExisting) {
                return;
            }
            for (ObjectNode node : nodes.indexer().list()) {
                String cidr = podCidr(node);
                if (!cidr.isEmpty()) {
                    cidrs.occupy(cidr);
                    held.put(Meta.name(node), cidr);
                }
            }
            occupiedExisting = true;
        }
    }

    private boolean heldByAnother(String name, String cidr) {
        return held.entrySet().stream().anyMatch(e -> !e.getKey().equals(name) && e.getValue().equals(cidr));
    }

    @Override
    public void stop() {
        if (controller != null) {
            controller.close();
            controller = null;
        }
    }
}
