package io.k3j.controllers.disruption;

import io.k3j.api.Json;
import io.k3j.api.LabelSelector;
import io.k3j.api.Meta;
import io.k3j.api.SelectorException;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's disruption controller ({@code disruption}): keeps each PodDisruptionBudget's status
 * (expectedPods, desiredHealthy, currentHealthy, disruptionsAllowed, disruptedPods,
 * observedGeneration and the DisruptionAllowed condition) true to its pods, so the eviction
 * subresource can decide. Budgets are re-synced whenever a pod they select changes, and when an
 * eviction recorded in disruptedPods times out. Sync is idempotent.
 */
public final class DisruptionController implements ManagedController {

    public static final Resource PDBS = Resource.of("policy", "v1", "poddisruptionbudgets");
    static final Resource PODS = Resource.core("pods");

    private ApiClient client;
    private Clock clock;
    private EventRecorder.Recorder events;
    private SharedInformer pdbs;
    private SharedInformer pods;
    private Controller controller;

    @Override
    public String name() {
        return "disruption";
    }

    @Override
    public void start(ControllerContext context) {
        client = context.client();
        clock = context.clock();
        events = context.events().forComponent("controllermanager");
        pdbs = context.informers().get(PDBS);
        pods = context.informers().get(PODS);
        RateLimitingQueue<String> queue = new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter());
        controller = new Controller(name(), queue, 2, this::sync);
        pdbs.addEventHandler(ResourceEventHandler.onChange(o -> queue.add(Store.key(o))));
        pods.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode pod) {
                enqueueBudgetsOf(pod);
            }

            @Override
            public void onUpdate(ObjectNode oldPod, ObjectNode pod) {
                enqueueBudgetsOf(pod);
                if (!Meta.labels(oldPod).equals(Meta.labels(pod))) {
                    enqueueBudgetsOf(oldPod);
                }
            }

            @Override
            public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
                enqueueBudgetsOf(pod);
            }
        });
        controller.run();
    }

    private void enqueueBudgetsOf(ObjectNode pod) {
        for (ObjectNode pdb : pdbs.indexer().byIndex(Indexers.NAMESPACE, Meta.namespace(pod))) {
            if (selector(pdb).matches(Meta.labelsView(pod))) {
                controller.queue().add(Store.key(pdb));
            }
        }
    }

    /** The budget's selector: a missing one selects nothing, an empty one every pod of the namespace (policy/v1). */
    static LabelSelector selector(ObjectNode pdb) {
        JsonNode s = pdb.path("spec").get("selector");
        if (s == null || s.isNull()) {
            return LabelSelector.nothing();
        }
        try {
            return LabelSelector.fromJson(s);
        } catch (SelectorException e) {
            return LabelSelector.nothing();
        }
    }

    void sync(String key) {
        if (!pdbs.hasSynced() || !pods.hasSynced()) {
            controller.queue().addAfter(key, Duration.ofMillis(200));
            return;
        }
        Optional<ObjectNode> cached = pdbs.indexer().get(key);
        if (cached.isEmpty()) {
            return;
        }
        ObjectNode pdb = cached.get();
        LabelSelector selector = selector(pdb);
        List<ObjectNode> selected = pods.indexer().byIndex(Indexers.NAMESPACE, Meta.namespace(pdb)).stream()
                .filter(p -> selector.matches(Meta.labelsView(p))).toList();
        if (selected.isEmpty()) {
            events.normal(pdb, "policy/v1", "PodDisruptionBudget", "NoPods", "No matching pods found");
        }
        JsonNode spec = pdb.path("spec");
        Instant now = clock.instant();
        ObjectNode status;
        try {
            int scale = PdbMath.needsScale(spec) ? ExpectedScale.of(client, selected) : 0;
            PdbMath.Desired desired = PdbMath.desired(spec, selected.size(), scale);
            PdbMath.Disrupted disrupted = PdbMath.disrupted(pdb.path("status").path("disruptedPods"), selected, now);
            int healthy = PdbMath.currentHealthy(selected, disrupted.pods());
            int allowed = PdbMath.disruptionsAllowed(healthy, desired.desiredHealthy(), desired.expectedCount());
            status = status(pdb, desired.expectedCount(), desired.desiredHealthy(), healthy, allowed,
                    disrupted.pods(), allowed > 0 ? "True" : "False", allowed > 0 ? "SufficientPods" : "InsufficientPods",
                    "", now);
            if (disrupted.recheckAt() != null) {
                controller.queue().addAfter(key, Duration.between(now, disrupted.recheckAt()).plusMillis(100));
            }
        } catch (ExpectedScale.Failure | IllegalArgumentException e) {
            events.warning(pdb, "policy/v1", "PodDisruptionBudget", "CalculateExpectedPodCountFailed",
                    "Failed to calculate the number of expected pods: " + e.getMessage());
            JsonNode old = pdb.path("status");
            status = status(pdb, old.path("expectedPods").asInt(0), old.path("desiredHealthy").asInt(0),
                    old.path("currentHealthy").asInt(0), 0, Map.of(), "False", "SyncFailed", e.getMessage(), now);
        }
        if (Json.sameJson(status, pdb.get("status"))) {
            return;
        }
        ObjectNode copy = pdb.deepCopy();
        copy.set("status", status);
        client.updateStatus(PDBS, Meta.namespace(pdb), copy);
    }

    /** The new status; the condition keeps its lastTransitionTime while its status stays. */
    static ObjectNode status(ObjectNode pdb, int expected, int desiredHealthy, int currentHealthy, int allowed,
                             Map<String, String> disrupted, String conditionStatus, String reason, String message,
                             Instant now) {
        ObjectNode status = Json.object();
        long generation = pdb.path("metadata").path("generation").asLong(0);
        status.put("observedGeneration", generation);
        if (!disrupted.isEmpty()) {
            ObjectNode d = status.putObject("disruptedPods");
            disrupted.forEach(d::put);
        }
        status.put("disruptionsAllowed", allowed);
        status.put("currentHealthy", currentHealthy);
        status.put("desiredHealthy", desiredHealthy);
        status.put("expectedPods", expected);
        String since = now.truncatedTo(ChronoUnit.SECONDS).toString();
        for (JsonNode c : pdb.path("status").path("conditions")) {
            if (c.path("type").asString("").equals("DisruptionAllowed")
                    && c.path("status").asString("").equals(conditionStatus)) {
                since = c.path("lastTransitionTime").asString(since);
            }
        }
        ObjectNode c = status.putArray("conditions").addObject();
        c.put("type", "DisruptionAllowed");
        c.put("status", conditionStatus);
        c.put("observedGeneration", generation);
        c.put("lastTransitionTime", since);
        c.put("reason", reason);
        c.put("message", message);
        return status;
    }

    @Override
    public void stop() {
        if (controller != null) {
            controller.close();
        }
    }
}
