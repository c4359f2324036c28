package io.k3j.controllers.nodelifecycle;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.DeleteOptions;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.client.informer.Indexers;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.client.informer.Store;
import io.k3j.client.workqueue.Controller;
import io.k3j.client.workqueue.RateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.EventRecorder;
import io.k3j.controllers.ManagedController;
import io.k3j.controllers.Pods;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's taint eviction controller ({@code taint-eviction-controller}): deletes pods bound to
 * a node with a NoExecute taint they do not tolerate at once, and those tolerating it with
 * tolerationSeconds once that time has passed; a pod whose node loses the taint first is spared.
 * Each deletion is preceded by a DisruptionTarget condition and a TaintManagerEviction event.
 */
public final class TaintEvictionController implements ManagedController {

    private static final Logger LOG = LoggerFactory.getLogger(TaintEvictionController.class);
    static final String COMPONENT = "taint-eviction-controller";

    private final EvictionSchedule schedule = new EvictionSchedule();
    private ApiClient client;
    private Clock clock;
    private EventRecorder.Recorder events;
    private SharedInformer nodes;
    private SharedInformer pods;
    private Controller controller;

    @Override
    public String name() {
        return COMPONENT;
    }

    @Override
    public void start(ControllerContext context) {
        client = context.client();
        clock = context.clock();
        events = context.events().forComponent(COMPONENT);
        nodes = context.informers().get(NodeLifecycleController.NODES);
        pods = context.informers().get(NodeLifecycleController.PODS);
        RateLimitingQueue<String> queue = new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter());
        controller = new Controller(name(), queue, 2, this::sync);
        nodes.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode node) {
                enqueuePodsOn(node);
            }

            @Override
            public void onUpdate(ObjectNode oldNode, ObjectNode node) {
                if (!Taints.noExecute(oldNode).equals(Taints.noExecute(node))) {
                    enqueuePodsOn(node);
                }
            }

            @Override
            public void onDelete(ObjectNode node, boolean finalStateUnknown) {
                enqueuePodsOn(node);
            }
        });
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
                schedule.cancel(Store.key(pod));
            }
        });
        controller.run();
    }

    private void enqueuePodsOn(ObjectNode node) {
        for (String key : pods.indexer().indexKeys(Indexers.NODE_NAME, Meta.name(node))) {
            controller.queue().add(key);
        }
    }

    private void enqueue(ObjectNode pod) {
        if (!Pods.nodeName(pod).isEmpty()) {
            controller.queue().add(Store.key(pod));
        }
    }

    void sync(String key) {
        if (!nodes.hasSynced() || !pods.hasSynced()) {
            controller.queue().addAfter(key, Duration.ofMillis(200));
            return;
        }
        Optional<ObjectNode> cached = pods.indexer().get(key);
        if (cached.isEmpty() || Meta.isDeleting(cached.get()) || Pods.isTerminated(cached.get())) {
            schedule.cancel(key);
            return;
        }
        ObjectNode pod = cached.get();
        Optional<ObjectNode> node = nodes.indexer().get(Pods.nodeName(pod));
        Instant now = clock.instant();
        Optional<Instant> at = node.isEmpty() ? Optional.empty()
                : schedule.evictionTime(key, Taints.noExecute(node.get()), pod.path("spec").path("tolerations"), now);
        if (at.isEmpty()) {
            if (schedule.cancel(key)) {
                events.normal(pod, "v1", "Pod", "TaintManagerEviction", "Cancelling deletion of Pod " + key);
            }
            return;
        }
        if (at.get().isAfter(now)) {
            controller.queue().addAfter(key, Duration.between(now, at.get()));
            return;
        }
        evict(pod, key, now);
    }

    private void evict(ObjectNode pod, String key, Instant now) {
        events.normal(pod, "v1", "Pod", "TaintManagerEviction", "Marking for deletion Pod " + key);
        ObjectNode patch = Json.object();
        ObjectNode condition = patch.putObject("status").putArray("conditions").addObject();
        condition.put("type", "DisruptionTarget");
        condition.put("status", "True");
        condition.put("reason", "DeletionByTaintManager");
        condition.put("message", "Taint manager: deleting due to NoExecute taint");
        condition.put("lastTransitionTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
        try {
            client.patch(NodeLifecycleController.PODS, Meta.namespace(pod), Meta.name(pod), PatchType.STRATEGIC,
                    patch, PatchOptions.none().onSubresource("status"));
        } catch (ApiException e) {
            if (e.status().code() == 404) {
                schedule.cancel(key);
                return;
            }
            LOG.debug("cannot add DisruptionTarget to {}: {}", key, e.getMessage());
        }
        try {
            client.delete(NodeLifecycleController.PODS, Meta.namespace(pod), Meta.name(pod),
                    DeleteOptions.defaults().withPreconditions(Meta.uid(pod), null));
        } catch (ApiException e) {
            if (e.status().code() != 404 && e.status().code() != 409) {
                throw e;
            }
        }
        schedule.cancel(key);
    }

    @Override
    public void stop() {
        if (controller != null) {
            controller.close();
        }
    }
}
