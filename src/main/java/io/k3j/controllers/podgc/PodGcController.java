package io.k3j.controllers.podgc;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.DeleteOptions;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Resource;
import io.k3j.client.informer.SharedInformer;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.ManagedController;
import io.k3j.controllers.Pods;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's pod garbage collector ({@code pod-garbage-collector}), run every check period
 * (20 s): deletes terminated pods beyond {@code --terminated-pod-gc-threshold} (12,500) oldest
 * first; force-deletes pods bound to nodes that no longer exist (after the node has been gone for
 * the quarantine time, 40 s, and a DisruptionTarget condition with phase Failed has been written),
 * terminating pods never bound to a node, and terminating pods on nodes that are not Ready and
 * carry the {@code node.kubernetes.io/out-of-service} taint. Each pass is idempotent.
 */
public final class PodGcController implements ManagedController {

    public static final int DEFAULT_THRESHOLD = 12500;
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(20);
    public static final Duration DEFAULT_QUARANTINE = Duration.ofSeconds(40);
    static final Resource PODS = Resource.core("pods");
    static final Resource NODES = Resource.core("nodes");
    private static final Logger LOG = LoggerFactory.getLogger(PodGcController.class);

    private final int threshold;
    private final Duration period;
    private final Duration quarantine;
    private final Map<String, Instant> missingNodes = new ConcurrentHashMap<>();
    private ApiClient client;
    private Clock clock;
    private SharedInformer pods;
    private SharedInformer nodes;
    private Thread loop;
    private volatile boolean stopped;

    public PodGcController(int threshold, Duration period, Duration quarantine) {
        this.threshold = threshold;
        this.period = period;
        this.quarantine = quarantine;
    }

    public PodGcController() {
        this(DEFAULT_THRESHOLD, DEFAULT_PERIOD, DEFAULT_QUARANTINE);
    }

    @Override
    public String name() {
        return "pod-garbage-collector";
    }

    @Override
    public void start(ControllerContext context) {
        stopped = false;
        client = context.client();
        clock = context.clock();
        pods = context.informers().get(PODS);
        nodes = context.informers().get(NODES);
        loop = Thread.ofVirtual().name("pod-garbage-collector").start(() -> {
            while (!stopped) {
                try {
                    Thread.sleep(period);
                } catch (InterruptedException e) {
                    return;
                }
                try {
                    gc();
                } catch (RuntimeException e) {
                    LOG.debug("pod garbage collection pass failed: {}", e.toString());
                }
            }
        });
    }

    /** One pass of every collection. */
    void gc() {
        if (!pods.hasSynced() || !nodes.hasSynced()) {
            return;
        }
        List<ObjectNode> all = pods.indexer().list();
        for (ObjectNode pod : PodGcSelection.terminatedBeyond(all, threshold)) {
            LOG.info("pod garbage collector: deleting terminated pod {}/{}", Meta.namespace(pod), Meta.name(pod));
            forceDelete(pod);
        }
        for (ObjectNode pod : PodGcSelection.terminatingOutOfService(all,
                n -> nodes.indexer().get(n).orElse(null))) {
            LOG.info("pod garbage collector: force-deleting pod {}/{} on out-of-service node {}",
                    Meta.namespace(pod), Meta.name(pod), Pods.nodeName(pod));
            markFailed(pod, null);
            forceDelete(pod);
        }
        gcOrphaned(all);
        for (ObjectNode pod : PodGcSelection.unscheduledTerminating(all)) {
            forceDelete(pod);
        }
    }

    private void gcOrphaned(List<ObjectNode> all) {
        Set<String> known = new HashSet<>(nodes.indexer().listKeys());
        Instant now = clock.instant();
        Set<String> missing = new HashSet<>();
        for (ObjectNode pod : PodGcSelection.orphaned(all, known)) {
            missing.add(Pods.nodeName(pod));
        }
        missingNodes.keySet().retainAll(missing);
        for (String n : missing) {
            missingNodes.putIfAbsent(n, now);
        }
        for (ObjectNode pod : PodGcSelection.orphaned(all, known)) {
            Instant since = missingNodes.get(Pods.nodeName(pod));
            if (since == null || now.isBefore(since.plus(quarantine)) || nodeExists(Pods.nodeName(pod))) {
                continue;
            }
            LOG.info("pod garbage collector: deleting pod {}/{} of vanished node {}", Meta.namespace(pod),
                    Meta.name(pod), Pods.nodeName(pod));
            markFailed(pod, "PodGC: node no longer exists");
            forceDelete(pod);
        }
    }

    private boolean nodeExists(String name) {
        try {
            client.get(NODES, null, name);
            return true;
        } catch (ApiException e) {
            if (e.status().code() == 404) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Upstream's markFailedAndDeletePodWithCondition: a pod not yet terminated becomes Failed,
     * with a DisruptionTarget condition when {@code message} is given.
     */
    private void markFailed(ObjectNode pod, String message) {
        if (Pods.isTerminated(pod) && message == null) {
            return;
        }
        ObjectNode patch = Json.object();
        ObjectNode status = patch.putObject("status");
        if (!Pods.isTerminated(pod)) {
            status.put("phase", "Failed");
        }
        if (message != null) {
            ObjectNode c = status.putArray("conditions").addObject();
            c.put("type", "DisruptionTarget");
            c.put("status", "True");
            c.put("reason", "DeletionByPodGC");
            c.put("message", message);
            c.put("lastTransitionTime", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        }
        try {
            client.patch(PODS, Meta.namespace(pod), Meta.name(pod), PatchType.STRATEGIC, patch,
                    PatchOptions.none().onSubresource("status"));
        } catch (ApiException e) {
            LOG.debug("cannot mark pod {}/{} failed: {}", Meta.namespace(pod), Meta.name(pod), e.getMessage());
        }
    }

    private void forceDelete(ObjectNode pod) {
        try {
            client.delete(PODS, Meta.namespace(pod), Meta.name(pod),
                    DeleteOptions.defaults().withGracePeriodSeconds(0).withPreconditions(Meta.uid(pod), null));
        } catch (ApiException e) {
            if (e.status().code() != 404 && e.status().code() != 409) {
                throw e;
            }
        }
    }

    @Override
    public void stop() {
        stopped = true;
        if (loop != null) {
            loop.interrupt();
        }
    }
}
