package io.k3j.controllers.statefulset;

import io.k3j.api.ApiException;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import io.k3j.client.informer.Indexers;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.client.informer.Store;
import io.k3j.client.workqueue.Controller;
import io.k3j.client.workqueue.ItemExponentialFailureRateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.ManagedController;
import io.k3j.controllers.Owners;
import io.k3j.controllers.history.History;
import io.k3j.controllers.history.Revisions;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's statefulset controller: stable, ordered pods with their own claims, rolling updates
 * with a partition or OnDelete, ControllerRevision history and status (see {@link StatefulSetUpdate}).
 * Runs two workers; a set is re-synced when it, one of its pods or its revisions change.
 */
public final class StatefulSetController implements ManagedController {

    public static final Resource STATEFUL_SETS = Resource.of("apps", "v1", "statefulsets");
    static final String COMPONENT = "statefulset-controller";

    private ApiClient client;
    private Clock clock;
    private PodControl control;
    private SharedInformer sets;
    private SharedInformer pods;
    private SharedInformer revisions;
    private Controller controller;

    @Override
    public String name() {
        return "statefulset";
    }

    @Override
    public void start(ControllerContext context) {
        client = context.client();
        clock = context.clock();
        control = new ApiPodControl(client, context.events().forComponent(COMPONENT));
        controller = new Controller("statefulset", new RateLimitingQueue<>(
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(60))), 2, this::sync);
        sets = context.informers().get(STATEFUL_SETS);
        pods = context.informers().get(ApiPodControl.PODS);
        revisions = context.informers().get(Revisions.CONTROLLER_REVISIONS);
        sets.addEventHandler(ResourceEventHandler.onAny(o -> controller.queue().add(Store.key(o))));
        pods.addEventHandler(ResourceEventHandler.onAny(o -> ownerKey(o).ifPresent(controller.queue()::add)));
        revisions.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onDelete(ObjectNode revision, boolean finalStateUnknown) {
                ownerKey(revision).ifPresent(controller.queue()::add);
            }
        });
        controller.run();
    }

    @Override
    public void stop() {
        controller.close();
    }

    private static Optional<String> ownerKey(ObjectNode object) {
        return Owners.controllerOf(object).filter(r -> r.path("kind").asString("").equals("StatefulSet")
                        && r.path("apiVersion").asString("").startsWith("apps/"))
                .map(r -> Meta.namespace(object) + "/" + r.path("name").asString(""));
    }

    /** Brings the StatefulSet {@code key} a step towards its desired pods and reports its status. Idempotent. */
    void sync(String key) {
        Optional<ObjectNode> cached = sets.indexer().get(key);
        if (cached.isEmpty()) {
            return;
        }
        ObjectNode set = cached.get();
        String uid = Meta.uid(set);
        List<ObjectNode> controlled = revisions.indexer().byIndex(Indexers.OWNER_UID, uid).stream()
                .filter(r -> Owners.isControlledBy(r, uid)).toList();
        if (Meta.isDeleting(set)) {
            return;
        }
        List<ObjectNode> owned = new java.util.ArrayList<>(pods.indexer().byIndex(Indexers.OWNER_UID, uid).stream()
                .filter(p -> Owners.isControlledBy(p, uid)).toList());
        for (ObjectNode orphan : Adoption.orphans(set, pods.indexer().byIndex(Indexers.NAMESPACE,
                Meta.namespace(set)))) {
            ObjectNode adopted = Adoption.adopt(client, set, orphan);
            if (adopted != null) {
                owned.add(adopted);
            }
        }
        History.Update history = History.ensure(client, set, "apps/v1", "StatefulSet", controlled,
                set.path("status").path("collisionCount").asInt(0));
        ObjectNode update = history.revision();
        String currentName = set.path("status").path("currentRevision").asString("");
        ObjectNode current = history.revisions().stream().filter(r -> Meta.name(r).equals(currentName)).findFirst()
                .orElse(update);
        StatefulSetUpdate.Revs revs = new StatefulSetUpdate.Revs(Meta.name(current), Revisions.templateOf(current),
                Meta.name(update), Revisions.templateOf(update), history.collisionCount());
        StatefulSetUpdate.Result result = new StatefulSetUpdate(set, revs, clock.instant(), control).run(owned);
        writeStatus(set, result.status());
        if (result.requeueAfter() != null) {
            controller.queue().addAfter(key, result.requeueAfter());
        }
        Set<String> live = new HashSet<>();
        live.add(Meta.name(current));
        live.add(Meta.name(update));
        owned.forEach(p -> live.add(StatefulPods.revision(p)));
        History.truncate(client, history.revisions(), live, set.path("spec").path("revisionHistoryLimit").asInt(10));
    }

    private void writeStatus(ObjectNode set, ObjectNode status) {
        JsonNode conditions = set.path("status").path("conditions");
        if (conditions.isArray()) {
            status.set("conditions", conditions.deepCopy());
        }
        if (io.k3j.api.Json.sameJson(status, set.path("status"))) {
            return;
        }
        ObjectNode copy = set.deepCopy();
        copy.set("status", status);
        try {
            client.updateStatus(STATEFUL_SETS, Meta.namespace(set), copy);
        } catch (ApiException e) {
            if (e.status().code() == 409) {
                controller.queue().addRateLimited(Store.key(set));
            } else if (e.status().code() != 404) {
                throw e;
            }
        }
    }
}
