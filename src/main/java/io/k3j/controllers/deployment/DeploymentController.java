package io.k3j.controllers.deployment;

import io.k3j.api.LabelSelector;
import io.k3j.api.Meta;
import io.k3j.api.SelectorException;
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
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Rolls Deployments out through ReplicaSets, as upstream's deployment controller: watches
 * Deployments, their ReplicaSets and (for Recreate) their pods, and runs a {@link DeploymentSync}
 * for each key.
 */
public final class DeploymentController implements ManagedController {

    static final Resource DEPLOYMENTS = Resource.of("apps", "v1", "deployments");
    static final Resource REPLICA_SETS = Resource.of("apps", "v1", "replicasets");
    static final Resource PODS = Resource.core("pods");

    private ControllerContext ctx;
    private SharedInformer deployments;
    private SharedInformer replicaSets;
    private SharedInformer pods;
    private Controller controller;

    @Override
    public String name() {
        return "deployment";
    }

    @Override
    public void start(ControllerContext context) {
        this.ctx = context;
        controller = new Controller("deployment", new RateLimitingQueue<>(
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(60))), 5, this::sync);
        deployments = context.informers().get(DEPLOYMENTS);
        replicaSets = context.informers().get(REPLICA_SETS);
        pods = context.informers().get(PODS);
        deployments.addEventHandler(ResourceEventHandler.onAny(o -> enqueue(o)));
        replicaSets.addEventHandler(new ReplicaSetHandler());
        pods.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
                // Recreate waits for the old pods to be gone
                Owners.controllerOf(pod).filter(ref -> "ReplicaSet".equals(ref.path("kind").asString("")))
                        .flatMap(ref -> replicaSets.indexer().get(Meta.namespace(pod) + "/" + ref.path("name").asString("")))
                        .flatMap(rs -> owner(rs, Owners.controllerOf(rs).orElse(null)))
                        .filter(d -> !RollingMath.isRolling(d))
                        .ifPresent(DeploymentController.this::enqueue);
            }
        });
        controller.run();
    }

    @Override
    public void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private void enqueue(ObjectNode d) {
        controller.queue().add(Store.key(d));
    }

    /** The Deployment a replica set's controller reference names, if it still exists with that uid. */
    private Optional<ObjectNode> owner(ObjectNode rs, JsonNode ref) {
        if (ref == null || !"Deployment".equals(ref.path("kind").asString(""))) {
            return Optional.empty();
        }
        return deployments.indexer().get(Meta.namespace(rs) + "/" + ref.path("name").asString(""))
                .filter(d -> Objects.equals(Meta.uid(d), ref.path("uid").asString("")));
    }

    private void enqueueMatching(ObjectNode rs) {
        for (ObjectNode d : deployments.indexer().byIndex(Indexers.NAMESPACE, Meta.namespace(rs))) {
            try {
                LabelSelector s = LabelSelector.fromJson(d.path("spec").get("selector"));
                if (!s.isEmpty() && s.matches(Meta.labels(rs))) {
                    enqueue(d);
                }
            } catch (SelectorException e) {
                // matches nothing
            }
        }
    }

    private final class ReplicaSetHandler implements ResourceEventHandler {
        @Override
        public void onAdd(ObjectNode rs) {
            Optional<ObjectNode> ref = Owners.controllerOf(rs);
            if (ref.isPresent()) {
                owner(rs, ref.get()).ifPresent(DeploymentController.this::enqueue);
            } else if (!Meta.isDeleting(rs)) {
                enqueueMatching(rs);
            }
        }

        @Override
        public void onUpdate(ObjectNode oldRs, ObjectNode newRs) {
            if (Objects.equals(Meta.resourceVersion(oldRs), Meta.resourceVersion(newRs))) {
                return;
            }
            Optional<ObjectNode> oldRef = Owners.controllerOf(oldRs);
            Optional<ObjectNode> newRef = Owners.controllerOf(newRs);
            if (oldRef.isPresent() && !Objects.equals(oldRef.get().path("uid"), newRef.map(r -> r.path("uid")).orElse(null))) {
                owner(oldRs, oldRef.get()).ifPresent(DeploymentController.this::enqueue);
            }
            if (newRef.isPresent()) {
                owner(newRs, newRef.get()).ifPresent(DeploymentController.this::enqueue);
            } else if (!Meta.labels(oldRs).equals(Meta.labels(newRs)) || oldRef.isPresent()) {
                enqueueMatching(newRs);
            }
        }

        @Override
        public void onDelete(ObjectNode rs, boolean finalStateUnknown) {
            Owners.controllerOf(rs).flatMap(ref -> owner(rs, ref)).ifPresent(DeploymentController.this::enqueue);
        }
    }

    void sync(String key) {
        Optional<ObjectNode> d = deployments.indexer().get(key);
        if (d.isEmpty()) {
            return;
        }
        new DeploymentSync(ctx, controller.queue(), key, d.get().deepCopy(), replicaSets, pods).run();
    }
}
