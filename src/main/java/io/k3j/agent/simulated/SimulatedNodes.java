package io.k3j.agent.simulated;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.DeleteOptions;
import io.k3j.client.ListOptions;
import io.k3j.client.Resource;
import io.k3j.client.informer.Indexers;
import io.k3j.client.informer.ListerWatcher;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.client.informer.Store;
import io.k3j.client.workqueue.Controller;
import io.k3j.client.workqueue.RateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Simulated nodes, as KWOK has them: Node objects labelled {@code k3j.io/simulated=true} (the
 * server's {@code sim-0 … sim-(N-1)}, or the one node of {@code k3s agent --simulated}), kept
 * alive with a Lease each and a Ready condition,
 * and a kubelet that only pretends: pods bound to them are reported Running at once (no
 * container runs), pods that end by themselves (those of Jobs, or with a
 * {@code k3j.io/simulated-runtime} annotation and a restartPolicy other than Always) Succeed
 * after their runtime (or Fail, when annotated {@code k3j.io/simulated-exit-code} with a non-zero
 * code), and deleted pods are finalized at once. Works through the API only, with no more
 * rights than a node's own credential has when it plays a single node: its Node, its Lease and the
 * pods bound to it (watched with a {@code spec.nodeName} field selector). Pod addresses come from
 * the node's pod CIDR; a node registered without one waits for node IPAM to set it.
 *
 * <p>A node annotated {@code k3j.io/simulated-heartbeat: "false"} plays a failed kubelet until the
 * annotation is removed (or set to anything else): its lease and status are no longer renewed and
 * its pods are left as they are (not even finalized when deleted), so the node lifecycle
 * controller finds it unreachable. When the annotation goes, the node reports Ready again and its
 * running pods Ready. The heartbeat interval (10 s) can be shortened for tests with the system
 * property {@code k3j.simulated-heartbeat-interval} (seconds).
 */
public final class SimulatedNodes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedNodes.class);
    static final Resource NODES = NodeRegistrar.NODES;
    static final Resource PODS = Resource.core("pods");
    static final Duration LEASE_RENEW = Duration.ofSeconds(10);
    /** Node annotation that, set to "false", stops the node's pretend kubelet. */
    public static final String HEARTBEAT_ANNOTATION = "k3j.io/simulated-heartbeat";
    static final String INTERVAL_PROPERTY = "k3j.simulated-heartbeat-interval";
    static final Duration STATUS_REFRESH = Duration.ofMinutes(1);
    /**
     * Pod syncs run at once. Real kubelets each work on their own pods; the simulated ones share
     * the server's CPU with the scheduler, so a few workers keep status writes from falling behind
     * without taking the bindings' share (bench/scale measured 2, 4 and 16).
     */
    static final int KUBELET_WORKERS = 4;
    private static final int CONFLICT_RETRIES = 5;
    /** Enough for scale tests; pod ranges stay within 10.64.0.0/10 (see {@link PodIps}). */
    public static final int MAX_NODES = 5000;

    private final ApiClient client;
    private final List<SimulatedNode> nodes;
    private final Map<String, SimulatedNode> byName = new HashMap<>();
    private final Clock clock;
    private final NodeRegistrar registrar;
    private final PodIps ips = new PodIps();
    private final Set<String> finalized = ConcurrentHashMap.newKeySet();
    private SharedInformer pods;
    private Controller controller;
    private Thread heartbeat;
    private final Set<String> paused = ConcurrentHashMap.newKeySet();
    /** Pods of a node that came back, to be reported Ready again once (others' Ready is left as set). */
    private final Set<String> readyAgain = ConcurrentHashMap.newKeySet();
    private final Duration renewInterval;
    private volatile boolean stopped;

    /** The server's {@code --simulated-nodes count}: nodes {@code sim-0 … sim-(count-1)}. */
    public SimulatedNodes(ApiClient client, int count, String kubeletVersion, Clock clock) {
        this(client, numbered(count), kubeletVersion, clock);
    }

    private static List<SimulatedNode> numbered(int count) {
        if (count < 0 || count > MAX_NODES) {
            throw new IllegalArgumentException("simulated nodes must be between 0 and " + MAX_NODES + ", not " + count);
        }
        return SimulatedNode.numbered(count);
    }

    /** Plays {@code nodes} (distinct names). */
    public SimulatedNodes(ApiClient client, List<SimulatedNode> nodes, String kubeletVersion, Clock clock) {
        this.client = client;
        this.nodes = List.copyOf(nodes);
        for (SimulatedNode n : this.nodes) {
            if (byName.put(n.name(), n) != null) {
                throw new IllegalArgumentException("simulated node " + n.name() + " is listed twice");
            }
        }
        this.registrar = new NodeRegistrar(client, kubeletVersion, clock);
        this.clock = clock;
        String interval = System.getProperty(INTERVAL_PROPERTY);
        this.renewInterval = interval == null || interval.isBlank() ? LEASE_RENEW
                : Duration.ofMillis((long) (Double.parseDouble(interval.strip()) * 1000));
    }

    private static boolean heartbeatStopped(ObjectNode node) {
        return "false".equals(node.path("metadata").path("annotations").path(HEARTBEAT_ANNOTATION).asString(""));
    }

    /** Registers the nodes and their leases, then starts the heartbeat and the pod loop. */
    public void start() {
        if (nodes.size() == 1) {
            LOG.info("simulating node {} (label {}=true): pods bound to it are reported running, no containers run",
                    nodes.getFirst().name(), SimulatedStatus.SIMULATED_LABEL);
        } else {
            LOG.info("simulating {} nodes ({} … {}, label {}=true): pods bound to them are reported running, "
                    + "no containers run", nodes.size(), nodes.isEmpty() ? "-" : nodes.getFirst().name(),
                    nodes.isEmpty() ? "-" : nodes.getLast().name(), SimulatedStatus.SIMULATED_LABEL);
        }
        Set<String> taken = cidrsOfOtherNodes();
        for (SimulatedNode n : nodes) {
            if (n.podCidr() != null && taken.contains(n.podCidr())) {
                LOG.warn("simulated node {}: pod CIDR {} belongs to another node; waiting for node IPAM to give it one",
                        n.name(), n.podCidr());
                n = new SimulatedNode(n.name(), n.ordinal(), n.internalIp(), null, n.labels(), n.taints(),
                        n.liftsNotReadyTaint());
                byName.put(n.name(), n);
            }
            registrar.register(n);
        }
        String fieldSelector = nodes.size() == 1 ? "spec.nodeName=" + nodes.getFirst().name() : null;
        pods = new SharedInformer("simulated-kubelet-pods", ListerWatcher.of(client, PODS, null, null, fieldSelector),
                Duration.ofMinutes(5), Indexers.pods());
        pods.dropManagedFields();
        RateLimitingQueue<String> queue = new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter());
        controller = new Controller("simulated-kubelet", queue, KUBELET_WORKERS, this::syncPod);
        pods.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode pod) {
                enqueue(pod);
            }

            @Override
            public void onUpdate(ObjectNode oldPod, ObjectNode pod) {
                enqueue(pod);
            }

            @Override
            public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
                if (node(pod) != null) {
                    ips.release(Meta.uid(pod));
                    finalized.remove(Meta.uid(pod));
                }
            }
        });
        pods.start();
        controller.run();
        heartbeat = Thread.ofVirtual().name("simulated-nodes-heartbeat").start(this::heartbeatLoop);
    }

    /**
     * The pod CIDRs other nodes hold, so that the server's numbered nodes never take one node IPAM
     * gave away; only asked when some node brings its own CIDR (a node's credential may not list nodes).
     */
    private Set<String> cidrsOfOtherNodes() {
        if (nodes.stream().allMatch(n -> n.podCidr() == null)) {
            return Set.of();
        }
        Set<String> taken = new HashSet<>();
        for (ObjectNode node : client.listAll(NODES, null, ListOptions.all())) {
            String cidr = node.path("spec").path("podCIDR").asString("");
            if (!cidr.isEmpty() && !byName.containsKey(Meta.name(node))) {
                taken.add(cidr);
            }
        }
        return taken;
    }

    /**
     * Waits until every node has a pod CIDR (from node IPAM for those registered without one), at
     * most {@code timeout}; true when they all have one. Pods bound meanwhile wait for it.
     */
    public boolean awaitPodCidrs(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean all = true;
            for (SimulatedNode n : nodes) {
                if (registrar.podCidr(n.name()) == null && registrar.refreshPodCidr(n.name()) == null) {
                    all = false;
                }
            }
            if (all) {
                return true;
            }
            if (System.nanoTime() > deadline || stopped) {
                return false;
            }
            Thread.sleep(200);
        }
    }

    private void enqueue(ObjectNode pod) {
        SimulatedNode node = node(pod);
        if (node == null) {
            return;
        }
        String ip = pod.path("status").path("podIP").asString("");
        String cidr = registrar.podCidr(node.name());
        if (!ip.isEmpty() && cidr != null) {
            ips.reserve(node.name(), cidr, Meta.uid(pod), ip);
        }
        controller.queue().add(Store.key(pod));
    }

    /** The simulated node the pod is bound to, or null. */
    private SimulatedNode node(ObjectNode pod) {
        return byName.get(pod.path("spec").path("nodeName").asString(""));
    }

    private void heartbeatLoop() {
        Instant lastStatus = clock.instant();
        while (!stopped) {
            try {
                Thread.sleep(renewInterval);
            } catch (InterruptedException e) {
                return;
            }
            boolean refreshStatus = !clock.instant().isBefore(lastStatus.plus(STATUS_REFRESH));
            for (SimulatedNode listed : nodes) {
                if (stopped) {
                    break;
                }
                SimulatedNode n = byName.get(listed.name());
                try {
                    ObjectNode node;
                    try {
                        node = client.getCached(NODES, null, n.name());
                    } catch (ApiException e) {
                        if (e.status().code() == 404) {
                            registrar.register(n);
                            continue;
                        }
                        throw e;
                    }
                    registrar.learnPodCidr(node);
                    if (heartbeatStopped(node)) {
                        paused.add(n.name());
                        continue;
                    }
                    boolean resumed = paused.remove(n.name());
                    if (refreshStatus || resumed) {
                        node = registrar.writeNodeStatus(node, n);
                    }
                    if (resumed) {
                        for (String key : pods.indexer().indexKeys(Indexers.NODE_NAME, Meta.name(node))) {
                            readyAgain.add(key);
                            controller.queue().add(key);
                        }
                    }
                    if (n.liftsNotReadyTaint()) {
                        registrar.liftNotReadyTaint(node);
                    }
                    registrar.renewLease(node);
                } catch (RuntimeException e) {
                    if (!stopped) {
                        LOG.warn("simulated node {}: heartbeat failed: {}", n.name(), e.getMessage());
                    }
                }
            }
            if (refreshStatus) {
                lastStatus = clock.instant();
            }
        }
    }

    // ---- pods

    void syncPod(String key) {
        Optional<ObjectNode> cached = pods.indexer().get(key);
        if (cached.isEmpty()) {
            return;
        }
        ObjectNode pod = cached.get();
        SimulatedNode node = node(pod);
        if (node == null || paused.contains(node.name())) {
            return;
        }
        String ns = Meta.namespace(pod);
        String name = Meta.name(pod);
        if (Meta.isDeleting(pod)) {
            finalizeDeletion(pod, ns, name, key);
            return;
        }
        String phase = pod.path("status").path("phase").asString("Pending");
        if (phase.equals("Succeeded") || phase.equals("Failed")) {
            ips.release(Meta.uid(pod));
            return;
        }
        if (!phase.equals("Running")) {
            String cidr = registrar.podCidr(node.name());
            if (cidr == null && (cidr = registrar.refreshPodCidr(node.name())) == null) {
                LOG.debug("simulated node {}: no pod CIDR yet for {}", node.name(), key);
                controller.queue().addAfter(key, Duration.ofSeconds(1));
                return;
            }
            Optional<String> ip = ips.allocate(node.name(), cidr, Meta.uid(pod));
            if (ip.isEmpty()) {
                LOG.warn("simulated node {}: no pod address left in {} for {}", node.name(), cidr, key);
                return;
            }
            writeStatus(pod, p -> SimulatedStatus.running(p, node.internalIp(), ip.get(), clock.instant()));
            return;
        }
        if (readyAgain.remove(key) && !podReady(pod)) {
            writeStatus(pod, this::readyAgain);
            return;
        }
        Duration runtime = SimulatedStatus.runtime(pod);
        if (runtime == null) {
            return;
        }
        Instant started = Instant.parse(pod.path("status").path("startTime").asString(clock.instant().toString()));
        Duration left = Duration.between(clock.instant(), started.plus(runtime));
        if (!left.isNegative() && !left.isZero()) {
            controller.queue().addAfter(key, left);
            return;
        }
        int exitCode = SimulatedStatus.exitCode(pod);
        writeStatus(pod, p -> SimulatedStatus.terminated(p, exitCode, clock.instant()));
        ips.release(Meta.uid(pod));
    }

    /** The containers are gone at once; after the grace period, or at once, the pod is removed. */
    private void finalizeDeletion(ObjectNode pod, String ns, String name, String key) {
        ips.release(Meta.uid(pod));
        if (!finalized.add(Meta.uid(pod))) {
            return; // done once; finalizers, if any, hold it now
        }
        try {
            client.delete(PODS, ns, name, DeleteOptions.defaults().withGracePeriodSeconds(0)
                    .withPreconditions(Meta.uid(pod), null));
        } catch (ApiException e) {
            if (e.status().code() != 404 && e.status().code() != 409) {
                finalized.remove(Meta.uid(pod));
                throw e;
            }
        }
    }

    private static boolean podReady(ObjectNode pod) {
        for (tools.jackson.databind.JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asString("").equals("Ready")) {
                return c.path("status").asString("").equals("True");
            }
        }
        return true;
    }

    /** The running pod's status with its Ready and ContainersReady conditions True again (after its node was back). */
    private ObjectNode readyAgain(ObjectNode pod) {
        ObjectNode status = ((ObjectNode) pod.get("status")).deepCopy();
        for (tools.jackson.databind.JsonNode c : status.path("conditions")) {
            String type = c.path("type").asString("");
            if ((type.equals("Ready") || type.equals("ContainersReady")) && c instanceof ObjectNode o
                    && !o.path("status").asString("").equals("True")) {
                o.put("status", "True");
                o.put("lastTransitionTime", SimulatedStatus.time(clock.instant()));
            }
        }
        return status;
    }

    /**
     * Replaces the pod's status through pods/status with the resourceVersion read; re-reads on 409.
     * The body is the status and the metadata naming the pod: the subresource takes nothing else.
     */
    private void writeStatus(ObjectNode pod, UnaryOperator<ObjectNode> status) {
        ObjectNode current = pod;
        for (int attempt = 0; ; attempt++) {
            ObjectNode body = Json.object();
            body.put("apiVersion", "v1").put("kind", "Pod");
            body.putObject("metadata").put("name", Meta.name(current)).put("namespace", Meta.namespace(current))
                    .put("uid", Meta.uid(current)).put("resourceVersion", Meta.resourceVersion(current));
            body.set("status", status.apply(current));
            try {
                client.updateStatus(PODS, Meta.namespace(current), body);
                return;
            } catch (ApiException e) {
                if (e.status().code() != 409 || attempt >= CONFLICT_RETRIES) {
                    throw e;
                }
                current = client.get(PODS, Meta.namespace(current), Meta.name(current));
                if (Meta.isDeleting(current) || !Meta.uid(current).equals(Meta.uid(pod))) {
                    return;
                }
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        if (heartbeat != null) {
            heartbeat.interrupt();
        }
        if (controller != null) {
            controller.close();
        }
        if (pods != null) {
            pods.close();
        }
    }
}
