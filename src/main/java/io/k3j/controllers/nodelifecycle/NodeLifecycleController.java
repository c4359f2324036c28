package io.k3j.controllers.nodelifecycle;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import io.k3j.client.informer.Indexers;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.client.workqueue.Controller;
import io.k3j.client.workqueue.RateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.EventRecorder;
import io.k3j.controllers.ManagedController;
import io.k3j.controllers.nodelifecycle.Taints.Taint;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's node lifecycle controller ({@code node-lifecycle}): a node whose kubelet has
 * neither renewed its Lease in {@code kube-node-lease} nor posted a Ready heartbeat for the
 * grace period ({@code --node-monitor-grace-period}, 40 s) gets its kubelet conditions set to
 * Unknown; every node gets the NoExecute and NoSchedule taints its conditions call for
 * ({@code unreachable}, {@code not-ready}, pressure and {@code unschedulable}) and loses those
 * it no longer needs; pods on a node that is not Ready are marked not Ready. Evicting pods from
 * tainted nodes is {@link TaintEvictionController}'s job. Sync is idempotent.
 */
public final class NodeLifecycleController implements ManagedController {

    /** Upstream's {@code --node-monitor-grace-period} default. */
    public static final Duration DEFAULT_GRACE_PERIOD = Duration.ofSeconds(40);
    /** Upstream's {@code --node-monitor-period}. */
    public static final Duration DEFAULT_MONITOR_PERIOD = Duration.ofSeconds(5);
    /** System property (seconds) the server reads to shorten the grace period, for tests and demos. */
    public static final String GRACE_PROPERTY = "k3j.node-monitor-grace-period";

    static final Resource NODES = Resource.core("nodes");
    static final Resource PODS = Resource.core("pods");
    static final Resource LEASES = Resource.of("coordination.k8s.io", "v1", "leases");
    static final String LEASE_NAMESPACE = "kube-node-lease";
    /** Workers syncing nodes (upstream's nodeUpdateWorkerSize): lifting a cordon's taint gates scheduling. */
    static final int UPDATE_WORKERS = 8;
    private static final Logger LOG = LoggerFactory.getLogger(NodeLifecycleController.class);

    private final Duration grace;
    private final Duration monitorPeriod;
    private final NodeHealth health = new NodeHealth();
    private final Map<String, String> lastReady = new ConcurrentHashMap<>();
    private ApiClient client;
    private Clock clock;
    private EventRecorder.Recorder events;
    private SharedInformer nodes;
    private SharedInformer leases;
    private SharedInformer pods;
    private Controller controller;
    private Thread monitor;
    private volatile boolean stopped;

    public NodeLifecycleController(Duration grace, Duration monitorPeriod) {
        this.grace = grace;
        this.monitorPeriod = monitorPeriod;
    }

    /** Upstream's defaults, unless the {@value #GRACE_PROPERTY} system property names another grace period. */
    public static NodeLifecycleController fromSystemProperties() {
        String s = System.getProperty(GRACE_PROPERTY);
        if (s == null || s.isBlank()) {
            return new NodeLifecycleController(DEFAULT_GRACE_PERIOD, DEFAULT_MONITOR_PERIOD);
        }
        Duration g = Duration.ofMillis((long) (Double.parseDouble(s.strip()) * 1000));
        Duration period = g.dividedBy(4).compareTo(DEFAULT_MONITOR_PERIOD) < 0 ? g.dividedBy(4) : DEFAULT_MONITOR_PERIOD;
        return new NodeLifecycleController(g, period.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : period);
    }

    @Override
    public String name() {
        return "node-lifecycle";
    }

    public Duration gracePeriod() {
        return grace;
    }

    @Override
    public void start(ControllerContext context) {
        stopped = false;
        client = context.client();
        clock = context.clock();
        events = context.events().forComponent("node-controller");
        nodes = context.informers().get(NODES);
        leases = context.informers().get(LEASES);
        pods = context.informers().get(PODS);
        RateLimitingQueue<String> queue = new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter());
        controller = new Controller(name(), queue, UPDATE_WORKERS, this::sync);
        nodes.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode node) {
                queue.add(Meta.name(node));
            }

            @Override
            public void onUpdate(ObjectNode oldNode, ObjectNode node) {
                queue.add(Meta.name(node));
            }

            @Override
            public void onDelete(ObjectNode node, boolean finalStateUnknown) {
                health.forget(Meta.name(node));
                lastReady.remove(Meta.name(node));
            }
        });
        leases.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onUpdate(ObjectNode oldLease, ObjectNode lease) {
                if (LEASE_NAMESPACE.equals(Meta.namespace(lease))) {
                    queue.add(Meta.name(lease));
                }
            }
        });
        controller.run();
        monitor = Thread.ofVirtual().name("node-lifecycle-monitor").start(this::monitorLoop);
    }

    /** Upstream's monitorNodeHealth tick: every node is looked at every monitor period. */
    private void monitorLoop() {
        while (!stopped) {
            try {
                Thread.sleep(monitorPeriod);
            } catch (InterruptedException e) {
                return;
            }
            if (nodes.hasSynced() && leases.hasSynced()) {
                nodes.indexer().listKeys().forEach(controller.queue()::add);
            }
        }
    }

    void sync(String name) {
        if (!nodes.hasSynced() || !leases.hasSynced() || !pods.hasSynced()) {
            controller.queue().addAfter(name, Duration.ofMillis(200));
            return;
        }
        Optional<ObjectNode> cached = nodes.indexer().get(name);
        if (cached.isEmpty()) {
            return;
        }
        ObjectNode node = cached.get();
        Instant now = clock.instant();
        String renew = leases.indexer().get(LEASE_NAMESPACE + "/" + name)
                .map(l -> l.path("spec").path("renewTime").asString("")).orElse("");
        if (health.overdue(name, NodeConditions.readyHeartbeat(node), renew, now, grace)
                && !NodeConditions.allUnknown(node)) {
            ObjectNode copy = node.deepCopy();
            copy.set("status", NodeConditions.unknownStatus(node, now.truncatedTo(ChronoUnit.SECONDS).toString()));
            LOG.info("node {} hasn't been updated for {}: marking its conditions Unknown", name,
                    Duration.between(health.lastProbe(name), now).truncatedTo(ChronoUnit.MILLIS));
            node = client.updateStatus(NODES, null, copy);
        }
        String ready = NodeConditions.status(node, "Ready");
        recordReadyTransition(node, ready);
        updateTaints(node, now);
        if (ready != null && !"True".equals(ready)) {
            markPodsNotReady(name, now);
        }
    }

    private void recordReadyTransition(ObjectNode node, String ready) {
        String name = Meta.name(node);
        String previous = lastReady.put(name, ready == null ? "" : ready);
        boolean isReady = "True".equals(ready);
        if (previous == null) {
            return;
        }
        boolean wasReady = "True".equals(previous);
        if (wasReady && !isReady) {
            events.normal(node, "v1", "Node", "NodeNotReady", "Node " + name + " status is now: NodeNotReady");
        } else if (!wasReady && isReady) {
            events.normal(node, "v1", "Node", "NodeReady", "Node " + name + " status is now: NodeReady");
        }
    }

    private void updateTaints(ObjectNode node, Instant now) {
        List<Taint> desired = NodeConditions.desiredTaints(node);
        List<Taint> add = NodeConditions.missingTaints(node, desired);
        List<Taint> remove = NodeConditions.staleTaints(node, desired);
        if (add.isEmpty() && remove.isEmpty()) {
            return;
        }
        ObjectNode copy = node.deepCopy();
        ObjectNode spec = copy.get("spec") instanceof ObjectNode s ? s : copy.putObject("spec");
        spec.set("taints", Taints.with(node, add, remove, now.truncatedTo(ChronoUnit.SECONDS).toString()));
        if (spec.path("taints").isEmpty()) {
            spec.remove("taints");
        }
        LOG.debug("node {}: adding taints {}, removing {}", Meta.name(node), add, remove);
        client.update(NODES, null, copy);
    }

    /** Upstream's MarkPodsNotReady: the Ready condition of every pod on the node becomes False. */
    private void markPodsNotReady(String nodeName, Instant now) {
        for (ObjectNode pod : pods.indexer().byIndex(Indexers.NODE_NAME, nodeName)) {
            if (Meta.isDeleting(pod) || !nodeName.equals(pod.path("spec").path("nodeName").asString(""))) {
                continue;
            }
            ObjectNode copy = pod.deepCopy();
            boolean changed = false;
            for (JsonNode c : copy.path("status").path("conditions")) {
                if (c.path("type").asString("").equals("Ready") && !c.path("status").asString("").equals("False")
                        && c instanceof ObjectNode o) {
                    o.put("status", "False");
                    o.put("lastTransitionTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
                    changed = true;
                }
            }
            if (!changed) {
                continue;
            }
            try {
                client.updateStatus(PODS, Meta.namespace(pod), copy);
                events.warning(pod, "v1", "Pod", "NodeNotReady", "Node is not ready");
            } catch (ApiException e) {
                if (e.status().code() != 404 && e.status().code() != 409) {
                    throw e;
                }
                controller.queue().addAfter(nodeName, Duration.ofMillis(500));
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
        if (monitor != null) {
            monitor.interrupt();
        }
        if (controller != null) {
            controller.close();
        }
    }
}
