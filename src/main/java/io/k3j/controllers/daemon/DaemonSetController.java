package io.k3j.controllers.daemon;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.DeleteOptions;
import io.k3j.client.Resource;
import io.k3j.client.informer.Indexers;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.client.informer.Store;
import io.k3j.client.workqueue.Controller;
import io.k3j.client.workqueue.ItemExponentialFailureRateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.EventRecorder;
import io.k3j.controllers.Expectations;
import io.k3j.controllers.ManagedController;
import io.k3j.controllers.Owners;
import io.k3j.controllers.history.History;
import io.k3j.controllers.history.Revisions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's daemonset controller: one pod of each DaemonSet on every eligible node (see
 * {@link Eligibility}), pods pinned to their node by required affinity for the scheduler to bind,
 * rolling updates and OnDelete, ControllerRevision history and status. Runs two workers; a
 * DaemonSet is re-synced when it, one of its pods, its revisions or any node changes.
 */
public final class DaemonSetController implements ManagedController {

    public static final Resource DAEMON_SETS = Resource.of("apps", "v1", "daemonsets");
    static final Resource PODS = Resource.core("pods");
    static final Resource NODES = Resource.core("nodes");
    static final String COMPONENT = "daemonset-controller";

    private ApiClient client;
    private Clock clock;
    private EventRecorder.Recorder events;
    private SharedInformer sets;
    private SharedInformer pods;
    private SharedInformer nodes;
    private SharedInformer revisions;
    private Expectations expectations;
    private Controller controller;

    @Override
    public String name() {
        return "daemonset";
    }

    @Override
    public void start(ControllerContext context) {
        client = context.client();
        clock = context.clock();
        events = context.events().forComponent(COMPONENT);
        expectations = new Expectations(clock);
        controller = new Controller("daemonset", new RateLimitingQueue<>(
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(60))), 2, this::sync);
        sets = context.informers().get(DAEMON_SETS);
        pods = context.informers().get(PODS);
        nodes = context.informers().get(NODES);
        revisions = context.informers().get(Revisions.CONTROLLER_REVISIONS);
        sets.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode object) {
                enqueue(object);
            }

            @Override
            public void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
                enqueue(newObject);
            }

            @Override
            public void onDelete(ObjectNode object, boolean finalStateUnknown) {
                expectations.delete(Store.key(object));
                enqueue(object);
            }
        });
        pods.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode pod) {
                ownerKey(pod).ifPresent(key -> {
                    expectations.creationObserved(key);
                    controller.queue().add(key);
                });
            }

            @Override
            public void onUpdate(ObjectNode oldPod, ObjectNode newPod) {
                ownerKey(newPod).ifPresent(key -> {
                    if (Meta.isDeleting(newPod) && !Meta.isDeleting(oldPod)) {
                        expectations.deletionObserved(key);
                    }
                    controller.queue().add(key);
                });
            }

            @Override
            public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
                ownerKey(pod).ifPresent(key -> {
                    if (!Meta.isDeleting(pod)) {
                        expectations.deletionObserved(key);
                    }
                    controller.queue().add(key);
                });
            }
        });
        nodes.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode node) {
                enqueueAll();
            }

            @Override
            public void onUpdate(ObjectNode oldNode, ObjectNode newNode) {
                if (!Objects.equals(oldNode.path("spec"), newNode.path("spec"))
                        || !Objects.equals(oldNode.path("metadata").path("labels"),
                        newNode.path("metadata").path("labels"))) {
                    enqueueAll();
                }
            }

            @Override
            public void onDelete(ObjectNode node, boolean finalStateUnknown) {
                enqueueAll();
            }
        });
        revisions.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onDelete(ObjectNode revision, boolean finalStateUnknown) {
                Owners.controllerOf(revision).filter(r -> r.path("kind").asString("").equals("DaemonSet"))
                        .ifPresent(r -> controller.queue().add(Meta.namespace(revision) + "/" + r.path("name").asString("")));
            }
        });
        controller.run();
    }

    @Override
    public void stop() {
        controller.close();
    }

    private void enqueue(ObjectNode ds) {
        controller.queue().add(Store.key(ds));
    }

    private void enqueueAll() {
        for (String key : sets.indexer().listKeys()) {
            controller.queue().add(key);
        }
    }

    private static Optional<String> ownerKey(ObjectNode pod) {
        return Owners.controllerOf(pod).filter(r -> r.path("kind").asString("").equals("DaemonSet")
                        && r.path("apiVersion").asString("").startsWith("apps/"))
                .map(r -> Meta.namespace(pod) + "/" + r.path("name").asString(""));
    }

    /** Brings the DaemonSet {@code key} to its desired pods and status. Idempotent. */
    void sync(String key) {
        Optional<ObjectNode> cached = sets.indexer().get(key);
        if (cached.isEmpty()) {
            expectations.delete(key);
            return;
        }
        ObjectNode ds = cached.get();
        if (Meta.isDeleting(ds)) {
            return;
        }
        String uid = Meta.uid(ds);
        List<ObjectNode> controlledRevisions = revisions.indexer().byIndex(Indexers.OWNER_UID, uid).stream()
                .filter(r -> Owners.isControlledBy(r, uid)).toList();
        int collisions = ds.path("status").path("collisionCount").asInt(0);
        History.Update history = History.ensure(client, ds, "apps/v1", "DaemonSet", controlledRevisions, collisions);
        String hash = Meta.labels(history.revision()).get(Revisions.HASH_LABEL);

        Map<String, List<ObjectNode>> podsByNode = podsByNode(uid);
        Map<String, Eligibility> eligibility = new LinkedHashMap<>();
        ObjectNode podSpec = DaemonPods.podSpec(ds);
        for (ObjectNode node : nodes.indexer().list()) {
            eligibility.put(Meta.name(node), Eligibility.of(podSpec, node));
        }
        Instant now = clock.instant();
        if (expectations.satisfied(key)) {
            DaemonPlan plan = DaemonPlan.compute(ds, eligibility, podsByNode, hash, now);
            if (!plan.podsToDelete().isEmpty()) {
                deletePods(key, ds, plan.podsToDelete());
            } else if (!plan.nodesToCreate().isEmpty()) {
                createPods(key, ds, plan.nodesToCreate(), hash);
            } else {
                Set<String> live = new HashSet<>();
                live.add(Meta.name(history.revision()));
                for (ObjectNode r : history.revisions()) {
                    String h = Meta.labels(r).get(Revisions.HASH_LABEL);
                    if (podsByNode.values().stream().flatMap(List::stream)
                            .anyMatch(p -> h != null && h.equals(Meta.labels(p).get(Revisions.HASH_LABEL)))) {
                        live.add(Meta.name(r));
                    }
                }
                History.truncate(client, history.revisions(), live,
                        ds.path("spec").path("revisionHistoryLimit").asInt(10));
            }
        }
        updateStatus(ds, eligibility, podsByNode, hash, history.collisionCount(), now);
    }

    private Map<String, List<ObjectNode>> podsByNode(String uid) {
        Map<String, List<ObjectNode>> byNode = new HashMap<>();
        for (ObjectNode pod : pods.indexer().byIndex(Indexers.OWNER_UID, uid)) {
            if (!Owners.isControlledBy(pod, uid)) {
                continue;
            }
            String node = NodeAffinity.targetNode(pod);
            byNode.computeIfAbsent(node, n -> new ArrayList<>()).add(pod);
        }
        return byNode;
    }

    private void createPods(String key, ObjectNode ds, List<String> nodeNames, String hash) {
        expectations.expectCreations(key, nodeNames.size());
        RuntimeException failure = null;
        for (String node : nodeNames) {
            try {
                ObjectNode created = client.create(PODS, Meta.namespace(ds), DaemonPods.newPod(ds, node, hash));
                events.normal(ds, "apps/v1", "DaemonSet", "SuccessfulCreate", "Created pod: " + Meta.name(created));
            } catch (ApiException e) {
                expectations.creationObserved(key);
                if (e.status().code() == 403 && e.getMessage() != null && e.getMessage().contains("being terminated")) {
                    continue;
                }
                events.warning(ds, "apps/v1", "DaemonSet", "FailedCreate", "Error creating: " + e.getMessage());
                failure = e;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void deletePods(String key, ObjectNode ds, List<ObjectNode> victims) {
        expectations.expectDeletions(key, victims.size());
        RuntimeException failure = null;
        for (ObjectNode pod : victims) {
            try {
                client.delete(PODS, Meta.namespace(pod), Meta.name(pod),
                        DeleteOptions.defaults().withPreconditions(Meta.uid(pod), null));
                events.normal(ds, "apps/v1", "DaemonSet", "SuccessfulDelete", "Deleted pod: " + Meta.name(pod));
            } catch (ApiException e) {
                expectations.deletionObserved(key);
                if (e.status().code() != 404 && e.status().code() != 409) {
                    events.warning(ds, "apps/v1", "DaemonSet", "FailedDelete", "Error deleting: " + e.getMessage());
                    failure = e;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private void updateStatus(ObjectNode ds, Map<String, Eligibility> eligibility,
                              Map<String, List<ObjectNode>> podsByNode, String hash, int collisions, Instant now) {
        Map<String, List<ObjectNode>> active = new HashMap<>();
        podsByNode.forEach((node, list) -> {
            List<ObjectNode> live = list.stream().filter(p -> !Meta.isDeleting(p)).toList();
            if (!live.isEmpty()) {
                active.put(node, live);
            }
        });
        int minReady = ds.path("spec").path("minReadySeconds").asInt(0);
        ObjectNode status = DaemonStatus.compute(ds.path("metadata").path("generation").asLong(0), eligibility,
                active, hash, DaemonPods.templateGeneration(ds), minReady, now, collisions);
        JsonNode conditions = ds.path("status").path("conditions");
        if (conditions.isArray()) {
            status.set("conditions", conditions.deepCopy());
        }
        if (!io.k3j.api.Json.sameJson(status, ds.path("status"))) {
            ObjectNode copy = ds.deepCopy();
            copy.set("status", status);
            try {
                client.updateStatus(DAEMON_SETS, Meta.namespace(ds), copy);
            } catch (ApiException e) {
                if (e.status().code() != 404 && e.status().code() != 409) {
                    throw e;
                }
                if (e.status().code() == 409) {
                    controller.queue().addRateLimited(Store.key(ds));
                }
            }
        }
        if (minReady > 0 && status.path("numberAvailable").asInt(0) < status.path("numberReady").asInt(0)) {
            controller.queue().addAfter(Store.key(ds), Duration.ofSeconds(minReady));
        }
    }
}
