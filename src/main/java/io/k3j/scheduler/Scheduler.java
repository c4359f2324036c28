package io.k3j.scheduler;

import io.k3j.api.ApiException;
import io.k3j.client.Resource;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.ManagedController;
import io.k3j.scheduler.cache.SchedulerCache;
import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;
import io.k3j.scheduler.framework.Taint;
import io.k3j.scheduler.framework.Toleration;
import io.k3j.scheduler.plugins.BalancedAllocation;
import io.k3j.scheduler.plugins.InterPodAffinity;
import io.k3j.scheduler.plugins.NodeAffinity;
import io.k3j.scheduler.plugins.NodeName;
import io.k3j.scheduler.plugins.NodePorts;
import io.k3j.scheduler.plugins.NodeResourcesFit;
import io.k3j.scheduler.plugins.NodeUnschedulable;
import io.k3j.scheduler.plugins.PodTopologySpread;
import io.k3j.scheduler.plugins.TaintToleration;
import io.k3j.scheduler.queue.SchedulingQueue;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * kube-scheduler's default profile ("default-scheduler"): watches pods and nodes, queues the
 * pending pods it is responsible for (schedulerName default-scheduler or empty, not gated), and
 * places them one at a time on a single loop ({@link #scheduleOne}), binding asynchronously.
 * Pods that fit nowhere get PodScheduled=False/Unschedulable and a FailedScheduling event, and may
 * preempt pods of lower priority. Started and stopped by its ControllerManager; keeps no state
 * across a stop.
 */
public final class Scheduler implements ManagedController {

    public static final String NAME = "default-scheduler";
    static final Resource PODS = Resource.core("pods");
    static final Resource NODES = Resource.core("nodes");
    static final Resource PDBS = Resource.of("policy", "v1", "poddisruptionbudgets");
    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    private volatile boolean running;
    private SchedulerCache cache;
    private SchedulingQueue queue;
    private GenericScheduler algorithm;
    private DefaultPreemption preemption;
    private Binder binder;
    private Thread loop;
    private Thread ticker;
    private final java.util.concurrent.atomic.AtomicLong podEvents = new java.util.concurrent.atomic.AtomicLong();

    @Override
    public String name() {
        return "scheduler";
    }

    /** The default plugins, in upstream's filter order. */
    static GenericScheduler defaultAlgorithm() {
        TaintToleration taints = new TaintToleration();
        NodeAffinity affinity = new NodeAffinity();
        NodeResourcesFit fit = new NodeResourcesFit();
        InterPodAffinity podAffinity = new InterPodAffinity();
        PodTopologySpread spread = new PodTopologySpread();
        return new GenericScheduler(
                List.of(new NodeUnschedulable(), new NodeName(), taints, affinity, new NodePorts(), fit, spread,
                        podAffinity),
                List.of(fit, new BalancedAllocation(), affinity, taints, podAffinity, spread),
                new Random());
    }

    @Override
    public synchronized void start(ControllerContext context) {
        running = true;
        podEvents.set(0);
        cache = new SchedulerCache();
        queue = new SchedulingQueue(context.clock());
        algorithm = defaultAlgorithm();
        SharedInformer budgets = context.informers().get(PDBS);
        preemption = new DefaultPreemption(algorithm, () -> budgets.indexer().list().stream()
                .map(DefaultPreemption.Budget::of).filter(java.util.Objects::nonNull).toList());
        binder = new Binder(context.client(), context.events().forComponent(NAME), context.clock());
        SharedInformer pods = context.informers().get(PODS);
        SharedInformer nodes = context.informers().get(NODES);
        nodes.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode node) {
                nodeChanged(node);
            }

            @Override
            public void onUpdate(ObjectNode oldNode, ObjectNode node) {
                nodeChanged(node);
            }

            @Override
            public void onDelete(ObjectNode node, boolean finalStateUnknown) {
                cache.removeNode(node.path("metadata").path("name").asString(""));
            }
        });
        pods.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode pod) {
                podChanged(new PodInfo(pod));
                podEvents.incrementAndGet();
            }

            @Override
            public void onUpdate(ObjectNode oldPod, ObjectNode pod) {
                if (!boundAndUnchanged(oldPod, pod)) {
                    podChanged(new PodInfo(pod));
                }
            }

            @Override
            public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
                PodInfo p = new PodInfo(pod);
                queue.delete(p.uid);
                if (cache.isPlaced(p.uid)) {
                    cache.removePod(p.uid);
                    queue.moveAllToActiveOrBackoff(q -> true);
                } else {
                    cache.removePod(p.uid);
                }
            }
        });
        loop = Thread.ofVirtual().name("scheduler").start(() -> run(pods, nodes, budgets));
        ticker = Thread.ofVirtual().name("scheduler-queue-flush").start(this::tick);
    }

    /**
     * Whether an update of a bound pod leaves everything the cache keeps as it was (most updates:
     * the kubelet's status reports), so that it need not be parsed again. Requests cannot change
     * on a bound pod here; labels, phase and deletion can.
     */
    static boolean boundAndUnchanged(ObjectNode oldPod, ObjectNode pod) {
        String node = pod.path("spec").path("nodeName").asString("");
        return !node.isEmpty() && node.equals(oldPod.path("spec").path("nodeName").asString(""))
                && terminal(oldPod) == terminal(pod)
                && io.k3j.api.Meta.isDeleting(oldPod) == io.k3j.api.Meta.isDeleting(pod)
                && oldPod.path("metadata").path("labels").equals(pod.path("metadata").path("labels"));
    }

    private static boolean terminal(ObjectNode pod) {
        String phase = pod.path("status").path("phase").asString("");
        return phase.equals("Succeeded") || phase.equals("Failed");
    }

    /**
     * Updates the cache with a node, and when the node may now take pods it could not before,
     * retries the unschedulable pods it could take: those that tolerate its taints and its
     * cordon (upstream's queueing hints of NodeUnschedulable and TaintToleration; every other
     * filter is left to the retry). Cordoning, tainting and heartbeats retry nothing.
     */
    void nodeChanged(ObjectNode node) {
        if (cache.updateNode(node) == NodeInfo.Change.RELAXED) {
            queue.moveAllToActiveOrBackoff(mayFit(node));
        }
    }

    /**
     * The pods a node might take as far as its cordon and taints go. That depends on the pod's
     * tolerations alone, so the answer is kept per (interned) list of tolerations: a node event
     * over thousands of pending pods decides once for each kind of pod.
     */
    static java.util.function.Predicate<PodInfo> mayFit(ObjectNode node) {
        boolean cordoned = node.path("spec").path("unschedulable").asBoolean(false);
        List<Taint> taints = Taint.listOf(node.path("spec").path("taints"));
        java.util.Map<List<Toleration>, Boolean> decided = new java.util.IdentityHashMap<>();
        return p -> decided.computeIfAbsent(p.tolerations,
                t -> NodeUnschedulable.admits(p, cordoned) && TaintToleration.untolerated(p, taints) == null);
    }

    /** Routes an informer's pod to the cache (bound) or the queue (pending). */
    void podChanged(PodInfo p) {
        if (p.assigned()) {
            queue.delete(p.uid);
            boolean wasPlaced = cache.isPlaced(p.uid);
            cache.addOrUpdatePod(p);
            if (p.terminal && wasPlaced) {
                queue.moveAllToActiveOrBackoff(q -> true);
            } else if (!wasPlaced && !p.terminal) {
                queue.moveAllToActiveOrBackoff(q -> !q.requiredAffinity.isEmpty());
            }
            return;
        }
        if (!p.forDefaultScheduler() || p.deleting || p.terminal || p.gated) {
            queue.delete(p.uid);
            return;
        }
        if (!p.nominatedNodeName.isEmpty()) {
            cache.nominate(p, p.nominatedNodeName);
        }
        queue.add(p);
    }

    private void run(SharedInformer pods, SharedInformer nodes, SharedInformer budgets) {
        try {
            while (running && !(pods.hasSynced() && nodes.hasSynced() && budgets.hasSynced())) {
                Thread.sleep(20);
            }
            // the informers have listed; wait (briefly) until the handlers have seen what they listed too,
            // so that the first decisions count every bound pod
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            int listedPods = pods.indexer().list().size();
            while (running && (cache.nodeCount() < nodes.indexer().list().size() || podEvents.get() < listedPods)
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            while (running) {
                SchedulingQueue.Entry e = queue.pop();
                if (e == null) {
                    return;
                }
                try {
                    scheduleOne(e);
                } catch (RuntimeException ex) {
                    LOG.warn("scheduling {} failed: {}", e.pod().key, ex.toString(), ex);
                    queue.backoff(e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One scheduling cycle for a popped pod. */
    void scheduleOne(SchedulingQueue.Entry e) throws InterruptedException {
        PodInfo pod = e.pod();
        if (pod.deleting || cache.isPlaced(pod.uid)) {
            queue.done(e);
            return;
        }
        GenericScheduler.Result result;
        DefaultPreemption.Outcome preempted = null;
        cache.lock().lock();
        try {
            result = algorithm.schedule(pod, cache);
            if (result.node() != null) {
                cache.assume(pod, result.node());
            } else if (result.fitError() != null) {
                preempted = preemption.preempt(pod, result.fitError(), result.state(), cache);
                if (preempted.node() != null) {
                    cache.nominate(pod, preempted.node());
                }
            }
        } finally {
            cache.lock().unlock();
        }
        if (result.node() != null) {
            String node = result.node();
            binder.bind(pod, node, () -> queue.done(e), ex -> {
                cache.forget(pod);
                int code = ex.status().code();
                if (code == 404 || (code == 409 && ex.getMessage() != null
                        && ex.getMessage().contains("already assigned"))) {
                    queue.done(e);
                    return;
                }
                LOG.debug("binding {} to {} failed: {}", pod.key, node, ex.getMessage());
                binder.failed(pod, "SchedulerError", "binding rejected: " + ex.getMessage(), null);
                queue.backoff(e);
            });
            return;
        }
        if (result.fitError() == null) {
            // upstream's "no nodes available" is an error, not a fit failure; a node added retries it
            binder.failed(pod, "SchedulerError", result.error(), null);
            queue.unschedulable(e);
            return;
        }
        String nominated = null;
        if (preempted.node() != null) {
            nominated = preempted.node();
            for (PodInfo victim : preempted.victims()) {
                binder.evict(victim, pod, nominated);
            }
        }
        binder.failed(pod, "Unschedulable", result.fitError().withPostFilterMessage(preempted.message()).message(),
                nominated);
        queue.unschedulable(e);
    }

    private void tick() {
        while (running) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            queue.flush();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (queue != null) {
            queue.close();
        }
        if (loop != null) {
            loop.interrupt();
        }
        if (ticker != null) {
            ticker.interrupt();
        }
        if (binder != null) {
            binder.close();
        }
    }

    /** For tests: the queue. */
    SchedulingQueue queue() {
        return queue;
    }
}
