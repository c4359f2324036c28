package io.k3j.agent.simulated;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.DeleteOptions;
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
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Simulated nodes, as KWOK has them: {@code count} Node objects {@code sim-0 … sim-(count-1)}
 * labelled {@code k3j.io/simulated=true}, kept alive with a Lease each and a Ready condition,
 * and a kubelet that only pretends: pods bound to them are reported Running at once (no
 * container runs), pods that end by themselves (those of Jobs, or with a
 * {@code k3j.io/simulated-runtime} annotation and a restartPolicy other than Always) Succeed
 * after their runtime (or Fail, when annotated {@code k3j.io/simulated-exit-code} with a non-zero
 * code), and deleted pods are finalized at once. Works through the API only.
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
    static final Resource NODES = Resource.core("nodes");
    static final Resource PODS = Resource.core("pods");
    static final Resource LEASES = Resource.of("coordination.k8s.io", "v1", "leases");
    static final Duration LEASE_RENEW = Duration.ofSeconds(10);
    /** Node annotation that, set to "false", stops the node's pretend kubelet. */
    public static final String HEARTBEAT_ANNOTATION = "k3j.io/simulated-heartbeat";
    static final String INTERVAL_PROPERTY = "k3j.simulated-heartbeat-interval";
    static final Duration STATUS_REFRESH = Duration.ofMinutes(1);
    private static final int CONFLICT_RETRIES = 5;
    /** Enough for scale tests; pod ranges stay within 10.64.0.0/10 (see {@link PodIps}). */
    public static final int MAX_NODES = 5000;

    private final ApiClient client;
    private final int count;
    private final Clock clock;
    private final String kubeletVersion;
    private final PodIps ips = new PodIps();
    private final java.util.Set<String> finalized = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private SharedInformer pods;
    private Controller controller;
    private Thread heartbeat;
    private final java.util.Set<Integer> paused = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Pods of a node that came back, to be reported Ready again once (others' Ready is left as set). */
    private final java.util.Set<String> readyAgain = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Duration renewInterval;
    private volatile boolean stopped;

    public SimulatedNodes(ApiClient client, int count, String kubeletVersion, Clock clock) {
        if (count < 0 || count > MAX_NODES) {
            throw new IllegalArgumentException("simulated nodes must be between 0 and " + MAX_NODES + ", not " + count);
        }
        this.client = client;
        this.count = count;
        this.kubeletVersion = kubeletVersion;
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
        LOG.info("simulating {} nodes (sim-0 … sim-{}, label {}=true): pods bound to them are reported running, "
                + "no containers run", count, count - 1, SimulatedStatus.SIMULATED_LABEL);
        for (int i = 0; i < count; i++) {
            register(i);
        }
        pods = new SharedInformer("simulated-kubelet-pods", ListerWatcher.of(client, PODS, null, null, null),
                Duration.ofMinutes(5), Indexers.pods());
        pods.setTransform(SharedInformer::stripManagedFields);
        RateLimitingQueue<String> queue = new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter());
        controller = new Controller("simulated-kubelet", queue, 2, this::syncPod);
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
                if (node(pod) >= 0) {
                    ips.release(Meta.uid(pod));
                    finalized.remove(Meta.uid(pod));
                }
            }
        });
        pods.start();
        controller.run();
        heartbeat = Thread.ofVirtual().name("simulated-nodes-heartbeat").start(this::heartbeatLoop);
    }

    private void enqueue(ObjectNode pod) {
        int node = node(pod);
        if (node < 0) {
            return;
        }
        String ip = pod.path("status").path("podIP").asString("");
        if (!ip.isEmpty()) {
            ips.reserve(node, Meta.uid(pod), ip);
        }
        controller.queue().add(Store.key(pod));
    }

    private int node(ObjectNode pod) {
        return SimulatedStatus.nodeIndex(pod.path("spec").path("nodeName").asString(""), count);
    }

    // ---- nodes and leases

    /** Creates or updates node {@code index}, reports it Ready, lifts the not-ready taint and renews its lease. */
    void register(int index) {
        String name = SimulatedStatus.nodeName(index);
        ObjectNode node;
        try {
            ObjectNode existing = client.get(NODES, null, name);
            node = client.update(NODES, null, SimulatedStatus.node(existing, index));
        } catch (ApiException e) {
            if (e.status().code() != 404) {
                throw e;
            }
            node = client.create(NODES, null, SimulatedStatus.node(null, index));
        }
        node = writeNodeStatus(node, index);
        liftNotReadyTaint(node);
        renewLease(node);
    }

    private ObjectNode writeNodeStatus(ObjectNode node, int index) {
        for (int attempt = 0; ; attempt++) {
            ObjectNode copy = node.deepCopy();
            copy.set("status", SimulatedStatus.nodeStatus(node.get("status") instanceof ObjectNode s ? s : null, index, kubeletVersion, clock.instant()));
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
    private void liftNotReadyTaint(ObjectNode node) {
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

    private void renewLease(ObjectNode node) {
        String name = Meta.name(node);
        Instant now = clock.instant();
        for (int attempt = 0; ; attempt++) {
            try {
                ObjectNode lease;
                try {
                    lease = client.get(LEASES, SimulatedStatus.NODE_LEASE_NAMESPACE, name);
                } catch (ApiException e) {
                    if (e.status().code() != 404) {
                        throw e;
                    }
                    client.create(LEASES, SimulatedStatus.NODE_LEASE_NAMESPACE, SimulatedStatus.lease(node, now));
                    return;
                }
                ObjectNode spec = lease.has("spec") && lease.get("spec").isObject()
                        ? (ObjectNode) lease.get("spec") : lease.putObject("spec");
                spec.put("holderIdentity", name);
                spec.put("leaseDurationSeconds", SimulatedStatus.LEASE_DURATION_SECONDS);
                spec.put("renewTime", SimulatedStatus.microTime(now));
                client.update(LEASES, SimulatedStatus.NODE_LEASE_NAMESPACE, lease);
                return;
            } catch (ApiException e) {
                if ((e.status().code() != 409 && e.status().code() != 404) || attempt >= CONFLICT_RETRIES) {
                    throw e;
                }
            }
        }
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
            for (int i = 0; i < count && !stopped; i++) {
                try {
                    ObjectNode node;
                    try {
                        node = client.get(NODES, null, SimulatedStatus.nodeName(i));
                    } catch (ApiException e) {
                        if (e.status().code() == 404) {
                            register(i);
                            continue;
                        }
                        throw e;
                    }
                    if (heartbeatStopped(node)) {
                        paused.add(i);
                        continue;
                    }
                    boolean resumed = paused.remove(i);
                    if (refreshStatus || resumed) {
                        node = writeNodeStatus(node, i);
                    }
                    if (resumed) {
                        for (String key : pods.indexer().indexKeys(Indexers.NODE_NAME, Meta.name(node))) {
                            readyAgain.add(key);
                            controller.queue().add(key);
                        }
                    }
                    liftNotReadyTaint(node);
                    renewLease(node);
                } catch (RuntimeException e) {
                    if (!stopped) {
                        LOG.warn("simulated node {}: heartbeat failed: {}", SimulatedStatus.nodeName(i), e.getMessage());
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
        int node = node(pod);
        if (node < 0 || paused.contains(node)) {
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
            Optional<String> ip = ips.allocate(node, Meta.uid(pod));
            if (ip.isEmpty()) {
                LOG.warn("simulated node {}: no pod address left for {}", SimulatedStatus.nodeName(node), key);
                return;
            }
            writeStatus(pod, p -> SimulatedStatus.running(p, PodIps.nodeIp(node), ip.get(), clock.instant()));
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

    /** Replaces the pod's status through pods/status with the resourceVersion read; re-reads on 409. */
    private void writeStatus(ObjectNode pod, java.util.function.UnaryOperator<ObjectNode> status) {
        ObjectNode current = pod;
        for (int attempt = 0; ; attempt++) {
            ObjectNode copy = current.deepCopy();
            copy.set("status", status.apply(current));
            try {
                client.updateStatus(PODS, Meta.namespace(current), copy);
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
