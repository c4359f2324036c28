package io.k3j.controllers.replicaset;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.LabelSelector;
import io.k3j.api.Meta;
import io.k3j.api.SelectorException;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
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
import io.k3j.controllers.PodTemplates;
import io.k3j.controllers.Pods;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Keeps {@code spec.replicas} pods running for each ReplicaSet (or ReplicationController), as
 * upstream's replica_set.go: adopts orphan pods its selector matches and releases owned pods it
 * no longer matches, creates missing pods from the template in slow-start batches (1, 2, 4, …),
 * deletes surplus pods in {@link PodRanking} order, and writes the status. {@link Expectations}
 * keep it from acting again before its informer has seen its own creations and deletions.
 */
public final class ReplicaSetController implements ManagedController {

    static final Resource PODS = Resource.core("pods");
    /** At most this many pods are created or deleted per sync (upstream's BurstReplicas). */
    static final int BURST_REPLICAS = 500;
    private static final Logger LOG = LoggerFactory.getLogger(ReplicaSetController.class);

    private final ReplicaKind kind;
    private final Map<String, Set<String>> pendingDeletions = new ConcurrentHashMap<>();
    private ControllerContext ctx;
    private EventRecorder.Recorder events;
    private Expectations expectations;
    private SharedInformer owners;
    private SharedInformer pods;
    private Controller controller;

    public ReplicaSetController(ReplicaKind kind) {
        this.kind = kind;
    }

    public static ReplicaSetController replicaSets() {
        return new ReplicaSetController(ReplicaKind.REPLICA_SET);
    }

    public static ReplicaSetController replicationControllers() {
        return new ReplicaSetController(ReplicaKind.REPLICATION_CONTROLLER);
    }

    @Override
    public String name() {
        return kind.controllerName();
    }

    @Override
    public void start(ControllerContext context) {
        this.ctx = context;
        this.events = context.events().forComponent(kind.component());
        this.expectations = new Expectations(context.clock());
        this.controller = new Controller(kind.controllerName(), new RateLimitingQueue<>(
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(60))), 5, this::sync);
        owners = context.informers().get(kind.resource());
        pods = context.informers().get(PODS);
        owners.addEventHandler(new ResourceEventHandler() {
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
                String key = Store.key(object);
                expectations.delete(key);
                pendingDeletions.remove(key);
                controller.queue().add(key);
            }
        });
        pods.addEventHandler(new PodHandler());
        controller.run();
    }

    @Override
    public void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    private void enqueue(ObjectNode owner) {
        controller.queue().add(Store.key(owner));
    }

    /** The owner a pod's controller reference names, when it is one of ours and still exists with that uid. */
    private Optional<ObjectNode> resolve(String namespace, JsonNode ref) {
        if (ref == null || !kind.kind().equals(ref.path("kind").asString(""))) {
            return Optional.empty();
        }
        return owners.indexer().get(namespace + "/" + ref.path("name").asString(""))
                .filter(o -> Objects.equals(Meta.uid(o), ref.path("uid").asString("")));
    }

    /** Owners in the pod's namespace whose selector matches it (candidates to adopt an orphan). */
    private List<ObjectNode> matching(ObjectNode pod) {
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode o : owners.indexer().byIndex(Indexers.NAMESPACE, Meta.namespace(pod))) {
            try {
                if (kind.selector().apply(o).matches(Meta.labelsView(pod))) {
                    out.add(o);
                }
            } catch (SelectorException e) {
                // an invalid selector matches nothing
            }
        }
        return out;
    }

    private final class PodHandler implements ResourceEventHandler {
        @Override
        public void onAdd(ObjectNode pod) {
            if (Meta.isDeleting(pod)) {
                onDelete(pod, false);
                return;
            }
            Optional<ObjectNode> ref = Owners.controllerOf(pod);
            if (ref.isPresent()) {
                resolve(Meta.namespace(pod), ref.get()).ifPresent(owner -> {
                    String key = Store.key(owner);
                    expectations.creationObserved(key);
                    controller.queue().add(key);
                });
                return;
            }
            matching(pod).forEach(ReplicaSetController.this::enqueue);
        }

        @Override
        public void onUpdate(ObjectNode oldPod, ObjectNode newPod) {
            if (Objects.equals(Meta.resourceVersion(oldPod), Meta.resourceVersion(newPod))) {
                return;
            }
            boolean labelsChanged = !Meta.labels(oldPod).equals(Meta.labels(newPod));
            if (Meta.isDeleting(newPod)) {
                onDelete(newPod, false);
                if (labelsChanged) {
                    onDelete(oldPod, false);
                }
                return;
            }
            Optional<ObjectNode> oldRef = Owners.controllerOf(oldPod);
            Optional<ObjectNode> newRef = Owners.controllerOf(newPod);
            boolean refChanged = !Objects.equals(oldRef.map(r -> r.path("uid").asString("")),
                    newRef.map(r -> r.path("uid").asString("")));
            if (refChanged && oldRef.isPresent()) {
                resolve(Meta.namespace(oldPod), oldRef.get()).ifPresent(ReplicaSetController.this::enqueue);
            }
            if (newRef.isPresent()) {
                resolve(Meta.namespace(newPod), newRef.get()).ifPresent(owner -> {
                    enqueue(owner);
                    int minReady = owner.path("spec").path("minReadySeconds").asInt(0);
                    if (minReady > 0 && !Pods.isReady(oldPod) && Pods.isReady(newPod)) {
                        controller.queue().addAfter(Store.key(owner), Duration.ofSeconds(minReady).plusMillis(100));
                    }
                });
                return;
            }
            if (labelsChanged || refChanged) {
                matching(newPod).forEach(ReplicaSetController.this::enqueue);
            }
        }

        @Override
        public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
            Owners.controllerOf(pod).flatMap(ref -> resolve(Meta.namespace(pod), ref)).ifPresent(owner -> {
                String key = Store.key(owner);
                Set<String> pending = pendingDeletions.get(key);
                if (pending != null && pending.remove(Meta.uid(pod))) {
                    expectations.deletionObserved(key);
                }
                controller.queue().add(key);
            });
        }
    }

    /** Brings one owner's pods to its spec and writes its status; idempotent. */
    void sync(String key) {
        Optional<ObjectNode> found = owners.indexer().get(key);
        if (found.isEmpty()) {
            expectations.delete(key);
            pendingDeletions.remove(key);
            return;
        }
        ObjectNode owner = found.get();
        boolean needsSync = expectations.satisfied(key);
        LabelSelector selector;
        try {
            selector = kind.selector().apply(owner);
        } catch (SelectorException e) {
            LOG.debug("{} {} has an invalid selector: {}", kind.kind(), key, e.getMessage());
            return;
        }
        // the pods this owner controls, and the namespace's orphans it may adopt; pods controlled
        // by others never need a look (upstream filters all the namespace's pods instead)
        java.util.Map<String, ObjectNode> candidates = new java.util.LinkedHashMap<>();
        for (String index : List.of(Indexers.OWNER_UID, Indexers.ORPHANS)) {
            String value = index.equals(Indexers.ORPHANS) ? Meta.namespace(owner) : Meta.uid(owner);
            for (ObjectNode p : pods.indexer().byIndex(index, value)) {
                if (Pods.isActive(p) && Meta.namespace(owner).equals(Meta.namespace(p))) {
                    candidates.putIfAbsent(Meta.uid(p), p);
                }
            }
        }
        List<ObjectNode> active = new ArrayList<>(candidates.values());
        List<ObjectNode> owned = claimPods(owner, selector, active);
        RuntimeException failure = null;
        String failureReason = "FailedCreate";
        int replicas = owner.path("spec").path("replicas").asInt(1);
        if (needsSync && !Meta.isDeleting(owner)) {
            if (owned.size() > replicas) {
                failureReason = "FailedDelete";
            }
            try {
                manageReplicas(key, owner, owned, replicas);
            } catch (RuntimeException e) {
                failure = e;
            }
        }
        ObjectNode status = ReplicaSetStatus.calculate(owner, owned, failure, failureReason, ctx.clock().instant());
        updateStatus(owner, status);
        int minReady = owner.path("spec").path("minReadySeconds").asInt(0);
        if (failure == null && minReady > 0 && status.path("readyReplicas").asInt(0) == replicas
                && status.path("availableReplicas").asInt(0) != replicas) {
            controller.queue().addAfter(key, Duration.ofSeconds(minReady));
        }
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The active pods this owner controls after adoption and release (upstream's
     * PodControllerRefManager.ClaimPods).
     */
    private List<ObjectNode> claimPods(ObjectNode owner, LabelSelector selector, List<ObjectNode> candidates) {
        List<ObjectNode> owned = new ArrayList<>();
        String uid = Meta.uid(owner);
        Boolean canAdopt = null;
        for (ObjectNode pod : candidates) {
            Optional<ObjectNode> ref = Owners.controllerOf(pod);
            boolean matches = selector.matches(Meta.labelsView(pod));
            if (ref.isPresent()) {
                if (!ref.get().path("uid").asString("").equals(uid)) {
                    continue;
                }
                if (matches) {
                    owned.add(pod);
                } else {
                    release(pod, uid);
                }
                continue;
            }
            if (!matches || Meta.isDeleting(owner)) {
                continue;
            }
            if (canAdopt == null) {
                canAdopt = canAdopt(owner);
            }
            if (canAdopt) {
                ObjectNode adopted = adopt(owner, pod);
                if (adopted != null) {
                    owned.add(adopted);
                }
            }
        }
        return owned;
    }

    /** Upstream's fresh check before adopting: the owner still exists with this uid and is not being deleted. */
    private boolean canAdopt(ObjectNode owner) {
        try {
            ObjectNode fresh = ctx.client().get(kind.resource(), Meta.namespace(owner), Meta.name(owner));
            return Objects.equals(Meta.uid(fresh), Meta.uid(owner)) && !Meta.isDeleting(fresh);
        } catch (ApiException e) {
            return false;
        }
    }

    private ObjectNode adopt(ObjectNode owner, ObjectNode pod) {
        ArrayNode refs = Json.MAPPER.createArrayNode();
        for (JsonNode r : pod.path("metadata").path("ownerReferences")) {
            refs.add(r.deepCopy());
        }
        refs.add(Owners.controllerRef(owner, kind.apiVersion(), kind.kind()));
        try {
            return patchOwners(pod, refs);
        } catch (ApiException e) {
            if (ignorable(e)) {
                return null;
            }
            throw e;
        }
    }

    private void release(ObjectNode pod, String ownerUid) {
        ArrayNode refs = Json.MAPPER.createArrayNode();
        for (JsonNode r : pod.path("metadata").path("ownerReferences")) {
            if (!r.path("uid").asString("").equals(ownerUid)) {
                refs.add(r.deepCopy());
            }
        }
        try {
            patchOwners(pod, refs);
        } catch (ApiException e) {
            if (!ignorable(e)) {
                throw e;
            }
        }
    }

    /** Sets a pod's owner references, on the condition that it is still the same pod at the same version. */
    private ObjectNode patchOwners(ObjectNode pod, ArrayNode refs) {
        ObjectNode patch = Json.object();
        ObjectNode meta = patch.putObject("metadata");
        meta.set("ownerReferences", refs);
        meta.put("uid", Meta.uid(pod));
        meta.put("resourceVersion", Meta.resourceVersion(pod));
        return ctx.client().patch(PODS, Meta.namespace(pod), Meta.name(pod), PatchType.MERGE, patch,
                PatchOptions.none());
    }

    private static boolean ignorable(ApiException e) {
        int code = e.status().code();
        return code == 404 || code == 409 || code == 422;
    }

    private void manageReplicas(String key, ObjectNode owner, List<ObjectNode> owned, int replicas) {
        int diff = owned.size() - replicas;
        if (diff < 0) {
            int count = Math.min(-diff, BURST_REPLICAS);
            expectations.expectCreations(key, count);
            AtomicReference<RuntimeException> error = new AtomicReference<>();
            int created = slowStartBatch(count, 1, () -> {
                try {
                    createPod(owner);
                    return true;
                } catch (RuntimeException e) {
                    error.compareAndSet(null, e);
                    return false;
                }
            });
            for (int i = created; i < count; i++) {
                expectations.creationObserved(key);
            }
            if (error.get() != null) {
                throw error.get();
            }
        } else if (diff > 0) {
            int count = Math.min(diff, BURST_REPLICAS);
            List<ObjectNode> victims = PodRanking.podsToDelete(owned, relatedPods(owner, owned), count);
            Set<String> pending = ConcurrentHashMap.newKeySet();
            victims.forEach(p -> pending.add(Meta.uid(p)));
            pendingDeletions.put(key, pending);
            expectations.expectDeletions(key, victims.size());
            AtomicReference<RuntimeException> error = new AtomicReference<>();
            List<Thread> threads = new ArrayList<>();
            for (ObjectNode pod : victims) {
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        deletePod(owner, pod);
                    } catch (RuntimeException e) {
                        error.compareAndSet(null, e);
                    }
                }));
            }
            joinAll(threads);
            if (error.get() != null) {
                throw error.get();
            }
        }
    }

    /**
     * Runs {@code count} calls in batches of 1, 2, 4, … (starting at {@code initial}), stopping after the first
     * batch with a failure; returns the number of successful calls (upstream's slowStartBatch).
     */
    static int slowStartBatch(int count, int initial, Supplier<Boolean> call) {
        int remaining = count;
        int successes = 0;
        int batch = Math.min(remaining, initial);
        while (batch > 0) {
            AtomicInteger ok = new AtomicInteger();
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    if (call.get()) {
                        ok.incrementAndGet();
                    }
                }));
            }
            joinAll(threads);
            successes += ok.get();
            if (ok.get() < batch) {
                return successes;
            }
            remaining -= batch;
            batch = Math.min(2 * batch, remaining);
        }
        return successes;
    }

    private static void joinAll(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void createPod(ObjectNode owner) {
        ObjectNode pod = PodTemplates.podFrom(owner.path("spec").path("template"), Meta.namespace(owner),
                Meta.name(owner), Owners.controllerRef(owner, kind.apiVersion(), kind.kind()));
        try {
            ObjectNode created = ctx.client().create(PODS, Meta.namespace(owner), pod);
            events.normal(owner, kind.apiVersion(), kind.kind(), "SuccessfulCreate", "Created pod: " + Meta.name(created));
        } catch (ApiException e) {
            events.warning(owner, kind.apiVersion(), kind.kind(), "FailedCreate", "Error creating: " + e.getMessage());
            throw e;
        }
    }

    private void deletePod(ObjectNode owner, ObjectNode pod) {
        String key = Store.key(owner);
        try {
            ctx.client().delete(PODS, Meta.namespace(pod), Meta.name(pod));
            events.normal(owner, kind.apiVersion(), kind.kind(), "SuccessfulDelete", "Deleted pod: " + Meta.name(pod));
        } catch (ApiException e) {
            Set<String> pending = pendingDeletions.get(key);
            if (pending != null && pending.remove(Meta.uid(pod))) {
                expectations.deletionObserved(key);
            }
            if (e.status().code() == 404) {
                return;
            }
            events.warning(owner, kind.apiVersion(), kind.kind(), "FailedDelete", "Error deleting: " + e.getMessage());
            throw e;
        }
    }

    /** Pods of this owner and of its siblings under the same controller, to rank pods by node co-location. */
    private List<ObjectNode> relatedPods(ObjectNode owner, List<ObjectNode> owned) {
        Optional<ObjectNode> parent = Owners.controllerOf(owner);
        if (parent.isEmpty()) {
            return owned;
        }
        String parentUid = parent.get().path("uid").asString("");
        List<ObjectNode> related = new ArrayList<>();
        for (ObjectNode sibling : owners.indexer().byIndex(Indexers.OWNER_UID, parentUid)) {
            if (Meta.namespace(sibling).equals(Meta.namespace(owner))) {
                related.addAll(pods.indexer().byIndex(Indexers.OWNER_UID, Meta.uid(sibling)));
            }
        }
        return related;
    }

    private void updateStatus(ObjectNode owner, ObjectNode status) {
        if (ReplicaSetStatus.same(owner.path("status"), status)) {
            return;
        }
        ObjectNode copy = owner.deepCopy();
        for (int attempt = 0; ; attempt++) {
            ObjectNode merged = copy.path("status") instanceof ObjectNode s ? s.deepCopy() : Json.object();
            for (String f : new String[] {"fullyLabeledReplicas", "readyReplicas", "availableReplicas", "conditions"}) {
                merged.remove(f);
            }
            merged.setAll(status);
            copy.set("status", merged);
            try {
                ctx.client().updateStatus(kind.resource(), Meta.namespace(owner), copy);
                return;
            } catch (ApiException e) {
                if (e.status().code() == 404) {
                    return;
                }
                if (e.status().code() != 409 || attempt >= 1) {
                    throw e;
                }
                copy = ctx.client().get(kind.resource(), Meta.namespace(owner), Meta.name(owner));
                if (!Objects.equals(Meta.uid(copy), Meta.uid(owner))) {
                    return;
                }
            }
        }
    }
}
