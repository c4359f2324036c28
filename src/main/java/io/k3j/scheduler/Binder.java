package io.k3j.scheduler;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.client.ApiClient;
import io.k3j.client.DeleteOptions;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Resource;
import io.k3j.controllers.EventRecorder;
import io.k3j.scheduler.framework.PodInfo;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scheduler's writes, off the scheduling loop on virtual threads: bindings (at most
 * {@link #MAX_IN_FLIGHT} at once, so the loop slows down rather than piling up), the
 * PodScheduled=False condition and nominatedNodeName of pods that did not fit, and the eviction
 * of preemption victims; plus the events upstream records for each. Thread-safe.
 */
final class Binder implements AutoCloseable {

    static final int MAX_IN_FLIGHT = 64;
    static final Resource PODS = Resource.core("pods");
    private static final Logger LOG = LoggerFactory.getLogger(Binder.class);

    private final ApiClient client;
    private final EventRecorder.Recorder events;
    private final Clock clock;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT);

    Binder(ApiClient client, EventRecorder.Recorder events, Clock clock) {
        this.client = client;
        this.events = events;
        this.clock = clock;
    }

    /** Binds asynchronously; blocks while too many bindings are in flight. */
    void bind(PodInfo pod, String node, Runnable onSuccess, Consumer<ApiException> onFailure)
            throws InterruptedException {
        inFlight.acquire();
        try {
            executor.execute(() -> {
                try {
                    ObjectNode binding = Json.object();
                    binding.put("apiVersion", "v1");
                    binding.put("kind", "Binding");
                    binding.putObject("metadata").put("name", pod.name).put("namespace", pod.namespace)
                            .put("uid", pod.uid);
                    binding.putObject("target").put("kind", "Node").put("name", node);
                    client.create(PODS, pod.namespace, pod.name, "binding", binding);
                    events.normal(pod.object, "v1", "Pod", "Scheduled", "Successfully assigned " + pod.key + " to "
                            + node);
                    onSuccess.run();
                } catch (ApiException e) {
                    onFailure.accept(e);
                } catch (RuntimeException e) {
                    onFailure.accept(new ApiException(io.k3j.api.Status.internalError(e.toString())));
                } finally {
                    inFlight.release();
                }
            });
        } catch (RuntimeException e) {
            inFlight.release();
            throw e;
        }
    }

    /**
     * Records a scheduling failure: the FailedScheduling event, and unless the pod already says
     * so, the PodScheduled=False/Unschedulable condition with the message (and nominatedNodeName).
     */
    void failed(PodInfo pod, String reason, String message, String nominatedNode) {
        events.warning(pod.object, "v1", "Pod", "FailedScheduling", message);
        executor.execute(() -> {
            JsonNode current = condition(pod.object, "PodScheduled");
            boolean same = current != null && current.path("status").asString("").equals("False")
                    && current.path("reason").asString("").equals(reason)
                    && current.path("message").asString("").equals(message);
            boolean nominationSame = nominatedNode == null
                    || nominatedNode.equals(pod.object.path("status").path("nominatedNodeName").asString(""));
            if (same && nominationSame) {
                return;
            }
            ObjectNode patch = Json.object();
            ObjectNode status = patch.putObject("status");
            ObjectNode c = status.putArray("conditions").addObject();
            c.put("type", "PodScheduled");
            c.put("status", "False");
            c.putNull("lastProbeTime");
            c.put("lastTransitionTime", current != null && current.path("status").asString("").equals("False")
                    ? current.path("lastTransitionTime").asString(now()) : now());
            c.put("reason", reason);
            c.put("message", message);
            if (nominatedNode != null) {
                status.put("nominatedNodeName", nominatedNode);
            }
            try {
                client.patch(PODS, pod.namespace, pod.name, PatchType.STRATEGIC, patch,
                        PatchOptions.none().onSubresource("status"));
            } catch (ApiException e) {
                LOG.debug("cannot update the status of pod {}: {}", pod.key, e.getMessage());
            }
        });
    }

    /** Evicts a preemption victim: DisruptionTarget condition, Preempted event, delete. */
    void evict(PodInfo victim, PodInfo preemptor, String node) {
        executor.execute(() -> {
            try {
                ObjectNode patch = Json.object();
                ObjectNode c = patch.putObject("status").putArray("conditions").addObject();
                c.put("type", "DisruptionTarget");
                c.put("status", "True");
                c.putNull("lastProbeTime");
                c.put("lastTransitionTime", now());
                c.put("reason", "PreemptionByScheduler");
                c.put("message", "default-scheduler: preempting to accommodate a higher priority pod");
                client.patch(PODS, victim.namespace, victim.name, PatchType.STRATEGIC, patch,
                        PatchOptions.none().onSubresource("status"));
            } catch (ApiException e) {
                LOG.debug("cannot mark victim {}: {}", victim.key, e.getMessage());
            }
            events.normal(victim.object, "v1", "Pod", "Preempted", "Preempted by pod " + preemptor.uid + " on node "
                    + node);
            try {
                client.delete(PODS, victim.namespace, victim.name, DeleteOptions.defaults().withPreconditions(victim.uid, null));
            } catch (ApiException e) {
                if (e.status().code() != 404) {
                    LOG.warn("cannot delete preemption victim {}: {}", victim.key, e.getMessage());
                }
            }
        });
    }

    private String now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static JsonNode condition(ObjectNode pod, String type) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asString("").equals(type)) {
                return c;
            }
        }
        return null;
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
