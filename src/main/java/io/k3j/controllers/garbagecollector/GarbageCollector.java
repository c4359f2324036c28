package io.k3j.controllers.garbagecollector;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.DeleteOptions;
import io.k3j.client.Resource;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.client.workqueue.Controller;
import io.k3j.client.workqueue.ItemExponentialFailureRateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.Discovery;
import io.k3j.controllers.EventRecorder;
import io.k3j.controllers.ManagedController;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's garbage collector: watches every resource that supports list, watch and delete
 * (re-discovered every 30 s, so custom resources join), keeps the {@link DependencyGraph} of
 * owner references, and
 * <ul>
 *   <li>deletes dependents whose owners are all gone (each owner verified with a live read, by
 *       name in the dependent's namespace and compared by uid), with the propagation their own
 *       finalizers ask for; a dependent that still has a live owner only loses the references
 *       to the gone ones;</li>
 *   <li>for an owner deleted in the foreground (finalizer {@code foregroundDeletion}) deletes its
 *       dependents, waits for those with {@code blockOwnerDeletion=true}, then removes the
 *       finalizer; a dependent that has dependents itself is deleted in the foreground too;</li>
 *   <li>for an owner with the {@code orphan} finalizer removes the references to it from its
 *       dependents, then the finalizer.</li>
 * </ul>
 * A cluster-scoped dependent naming a namespaced owner, or a dependent naming an owner that
 * lives in another namespace, gets a warning event {@code OwnerRefInvalidNamespace}; the first
 * is never collected, the second is treated as having that owner absent (upstream's rules).
 */
public final class GarbageCollector implements ManagedController {

    private static final Logger LOG = LoggerFactory.getLogger(GarbageCollector.class);
    static final String ORPHAN = "orphan";
    static final String FOREGROUND = "foregroundDeletion";
    private static final Duration RESYNC_MONITORS = Duration.ofSeconds(30);
    private static final Set<String> IGNORED = Set.of("events", "events.events.k8s.io");
    private static final String DELETE = "delete/";
    private static final String ORPHAN_KEY = "orphan/";

    private final DependencyGraph graph = new DependencyGraph();
    private final Set<Resource> monitored = ConcurrentHashMap.newKeySet();
    private final LinkedBlockingQueue<Runnable> graphChanges = new LinkedBlockingQueue<>();
    private volatile Discovery.Result discovery = new Discovery.Result(List.of(), java.util.Map.of());
    private volatile long lastDiscovery;
    private volatile boolean running;
    private ControllerContext ctx;
    private EventRecorder.Recorder events;
    private Controller workers;
    private Thread monitorThread;
    private Thread graphThread;

    @Override
    public String name() {
        return "garbage-collector";
    }

    @Override
    public void start(ControllerContext context) {
        this.ctx = context;
        this.events = context.events().forComponent("garbage-collector-controller");
        running = true;
        workers = new Controller("garbage-collector", new RateLimitingQueue<>(
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(50), Duration.ofSeconds(30))), 4, this::sync);
        graphThread = Thread.ofVirtual().name("garbage-collector-graph").start(this::processGraphChanges);
        monitorThread = Thread.ofVirtual().name("garbage-collector-monitors").start(this::monitorLoop);
    }

    @Override
    public void stop() {
        running = false;
        if (monitorThread != null) {
            monitorThread.interrupt();
        }
        if (graphThread != null) {
            graphThread.interrupt();
        }
        if (workers != null) {
            workers.close();
        }
    }

    // ------------------------------------------------------------------ monitors and graph

    private void monitorLoop() {
        boolean workersStarted = false;
        while (running) {
            try {
                List<SharedInformer> added = syncMonitors();
                if (!workersStarted) {
                    for (SharedInformer i : added) {
                        i.waitForSync(Duration.ofSeconds(30));
                    }
                    workers.run();
                    workersStarted = true;
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("garbage collector: resource discovery failed: {}", e.toString());
            }
            try {
                Thread.sleep(RESYNC_MONITORS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Discovers resources and starts watching the new deletable ones; returns their informers. */
    private synchronized List<SharedInformer> syncMonitors() {
        Discovery.Result found = rediscover();
        List<SharedInformer> added = new ArrayList<>();
        for (Discovery.ApiResource r : found.resources()) {
            if (!r.supports("list", "watch", "delete") || IGNORED.contains(r.resource().toString())
                    || !monitored.add(r.resource())) {
                continue;
            }
            SharedInformer informer = ctx.informers().get(r.resource());
            informer.addEventHandler(new Monitor(r));
            added.add(informer);
        }
        return added;
    }

    private synchronized Discovery.Result rediscover() {
        Discovery.Result found = Discovery.discover(ctx.client());
        discovery = found;
        lastDiscovery = System.nanoTime();
        return found;
    }

    /** Feeds one resource's informer events into the graph. */
    private final class Monitor implements ResourceEventHandler {
        private final Discovery.ApiResource resource;

        Monitor(Discovery.ApiResource resource) {
            this.resource = resource;
        }

        @Override
        public void onAdd(ObjectNode object) {
            observe(object);
        }

        @Override
        public void onUpdate(ObjectNode oldObject, ObjectNode newObject) {
            observe(newObject);
        }

        @Override
        public void onDelete(ObjectNode object, boolean finalStateUnknown) {
            String uid = Meta.uid(object);
            if (running && uid != null) {
                graphChanges.add(() -> apply(graph.remove(uid)));
            }
        }

        private void observe(ObjectNode object) {
            if (!running || Meta.uid(object) == null) {
                return;
            }
            DependencyGraph.Observed o = new DependencyGraph.Observed(
                    ObjectIdentity.of(object, resource.resource().apiVersion(), resource.kind()),
                    OwnerReference.of(object), Meta.isDeleting(object), hasFinalizer(object, ORPHAN),
                    hasFinalizer(object, FOREGROUND));
            graphChanges.add(() -> apply(graph.observe(o)));
        }
    }

    private void processGraphChanges() {
        while (running) {
            Runnable change;
            try {
                change = graphChanges.poll(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (change == null) {
                continue;
            }
            try {
                change.run();
            } catch (RuntimeException e) {
                LOG.warn("garbage collector: graph change failed", e);
            }
        }
    }

    private void apply(DependencyGraph.Changes c) {
        for (String uid : c.attemptToDelete()) {
            workers.queue().add(DELETE + uid);
        }
        for (String uid : c.attemptToOrphan()) {
            workers.queue().add(ORPHAN_KEY + uid);
        }
        for (DependencyGraph.InvalidOwner invalid : c.invalidOwners()) {
            reportInvalidNamespace(invalid.dependent(), invalid.reference());
        }
    }

    private void reportInvalidNamespace(ObjectIdentity dependent, OwnerReference ref) {
        ObjectNode involved = Json.object();
        ObjectNode meta = involved.putObject("metadata");
        meta.put("name", dependent.name());
        if (!dependent.namespace().isEmpty()) {
            meta.put("namespace", dependent.namespace());
        }
        meta.put("uid", dependent.uid());
        events.warning(involved, dependent.apiVersion(), dependent.kind(), "OwnerRefInvalidNamespace",
                "ownerRef " + ref.describe(dependent.namespace()) + " does not exist in namespace \""
                        + dependent.namespace() + "\"");
    }

    // ------------------------------------------------------------------ workers

    private void sync(String key) {
        if (key.startsWith(DELETE)) {
            attemptToDelete(key.substring(DELETE.length()));
        } else if (key.startsWith(ORPHAN_KEY)) {
            attemptToOrphan(key.substring(ORPHAN_KEY.length()));
        }
    }

    /** Upstream's attemptToDeleteItem. */
    void attemptToDelete(String uid) {
        DependencyGraph.NodeView node = graph.get(uid);
        if (node == null) {
            return;
        }
        if (node.beingDeleted() && !node.deletingDependents()) {
            return;
        }
        ObjectNode latest = getLive(node.identity());
        if (latest == null || !uid.equals(Meta.uid(latest))) {
            // gone (or replaced by a namesake): forget it, and let its dependents look at their owners
            apply(node.virtual() ? graph.removeVirtual(uid) : graph.remove(uid));
            return;
        }
        if (node.virtual()) {
            // it exists; its informer will deliver it, once its resource is watched (new custom resources)
            if (!monitored.contains(resolve(node.identity().apiVersion(), node.identity().kind()).resource())) {
                syncMonitors();
            }
            return;
        }
        if (node.deletingDependents()) {
            processDeletingDependents(node, latest);
            return;
        }
        List<OwnerReference> refs = OwnerReference.of(latest);
        if (refs.isEmpty()) {
            return;
        }
        String namespace = node.identity().namespace();
        List<OwnerReference> solid = new ArrayList<>();
        List<OwnerReference> dangling = new ArrayList<>();
        List<OwnerReference> waiting = new ArrayList<>();
        for (OwnerReference ref : refs) {
            Discovery.ApiResource r = resolve(ref.apiVersion(), ref.kind());
            if (r.namespaced() && namespace.isEmpty()) {
                // a cluster-scoped object cannot have a namespaced owner: never collect it
                reportInvalidNamespace(node.identity(), ref);
                return;
            }
            ObjectNode owner = get(r, namespace, ref.name());
            if (owner == null || !ref.uid().equals(Meta.uid(owner))) {
                dangling.add(ref);
            } else if (Meta.isDeleting(owner) && hasFinalizer(owner, FOREGROUND)) {
                waiting.add(ref);
            } else {
                solid.add(ref);
            }
        }
        if (!solid.isEmpty()) {
            if (dangling.isEmpty() && waiting.isEmpty()) {
                return;
            }
            Set<String> drop = new HashSet<>();
            dangling.forEach(r -> drop.add(r.uid()));
            waiting.forEach(r -> drop.add(r.uid()));
            LOG.debug("garbage collector: {} keeps live owners, dropping references to {}", node.identity(), drop);
            editOwnerReferences(node.identity(), refsArray -> removeRefs(refsArray, drop::contains));
            return;
        }
        if (!waiting.isEmpty() && !node.dependents().isEmpty()) {
            for (DependencyGraph.NodeView dep : graph.dependents(uid)) {
                if (dep.deletingDependents()) {
                    // a cycle through foreground deletions: stop blocking our owners (upstream's rule)
                    Set<String> waitingUids = new HashSet<>();
                    waiting.forEach(r -> waitingUids.add(r.uid()));
                    editOwnerReferences(node.identity(), refsArray -> unblock(refsArray, waitingUids));
                    break;
                }
            }
            delete(node.identity(), "Foreground");
            return;
        }
        String policy = hasFinalizer(latest, ORPHAN) ? "Orphan" : hasFinalizer(latest, FOREGROUND) ? "Foreground"
                : "Background";
        LOG.debug("garbage collector: deleting {} ({}), its owners are gone", node.identity(), policy);
        delete(node.identity(), policy);
    }

    private void processDeletingDependents(DependencyGraph.NodeView node, ObjectNode latest) {
        List<DependencyGraph.NodeView> blocking = graph.blockingDependents(node.identity().uid());
        if (blocking.isEmpty()) {
            removeFinalizer(node.identity(), FOREGROUND);
            return;
        }
        for (DependencyGraph.NodeView dep : blocking) {
            if (!dep.deletingDependents()) {
                workers.queue().add(DELETE + dep.identity().uid());
            }
        }
        // dependents going away re-queue the owner; this is only a safety net
        workers.queue().addAfter(DELETE + node.identity().uid(), Duration.ofSeconds(5));
    }

    /** Upstream's attemptToOrphan: drop references to the owner from its dependents, then the finalizer. */
    void attemptToOrphan(String uid) {
        DependencyGraph.NodeView owner = graph.get(uid);
        if (owner == null) {
            return;
        }
        for (DependencyGraph.NodeView dep : graph.dependents(uid)) {
            editOwnerReferences(dep.identity(), refs -> removeRefs(refs, uid::equals));
        }
        removeFinalizer(owner.identity(), ORPHAN);
    }

    // ------------------------------------------------------------------ API helpers

    private Discovery.ApiResource resolve(String apiVersion, String kind) {
        var r = discovery.forKind(apiVersion, kind);
        if (r.isEmpty() && System.nanoTime() - lastDiscovery > Duration.ofSeconds(2).toNanos()) {
            r = rediscover().forKind(apiVersion, kind);
        }
        return r.orElseThrow(() -> new IllegalStateException("no resource serves " + apiVersion + "/" + kind));
    }

    private ObjectNode getLive(ObjectIdentity id) {
        Discovery.ApiResource r = resolve(id.apiVersion(), id.kind());
        return get(r, id.namespace(), id.name());
    }

    private ObjectNode get(Discovery.ApiResource r, String namespace, String name) {
        try {
            return ctx.client().get(r.resource(), r.namespaced() ? namespace : null, name);
        } catch (ApiException e) {
            if (e.status().code() == 404) {
                return null;
            }
            throw e;
        }
    }

    private void delete(ObjectIdentity id, String policy) {
        Discovery.ApiResource r = resolve(id.apiVersion(), id.kind());
        try {
            ctx.client().delete(r.resource(), r.namespaced() ? id.namespace() : null, id.name(),
                    DeleteOptions.propagation(policy).withPreconditions(id.uid(), null));
        } catch (ApiException e) {
            if (e.status().code() != 404 && e.status().code() != 409) {
                throw e;
            }
        }
    }

    /** Rewrites an object's ownerReferences (read-modify-write, retried on conflicts); a gone object is fine. */
    private void editOwnerReferences(ObjectIdentity id, java.util.function.Function<ArrayNode, Boolean> edit) {
        update(id, obj -> {
            if (!(Meta.metadata(obj).get("ownerReferences") instanceof ArrayNode refs)) {
                return false;
            }
            // an emptied list is not stored: the API server drops empty metadata members
            return edit.apply(refs);
        });
    }

    private void removeFinalizer(ObjectIdentity id, String finalizer) {
        update(id, obj -> {
            if (!(Meta.metadata(obj).get("finalizers") instanceof ArrayNode fins)) {
                return false;
            }
            boolean changed = false;
            for (int i = fins.size() - 1; i >= 0; i--) {
                if (finalizer.equals(fins.get(i).asString(""))) {
                    fins.remove(i);
                    changed = true;
                }
            }
            return changed;
        });
    }

    private void update(ObjectIdentity id, Predicate<ObjectNode> change) {
        Discovery.ApiResource r = resolve(id.apiVersion(), id.kind());
        String ns = r.namespaced() ? id.namespace() : null;
        for (int attempt = 0; ; attempt++) {
            ObjectNode obj = get(r, id.namespace(), id.name());
            if (obj == null || !id.uid().equals(Meta.uid(obj)) || !change.test(obj)) {
                return;
            }
            try {
                ctx.client().update(r.resource(), ns, obj);
                return;
            } catch (ApiException e) {
                if (e.status().code() == 404) {
                    return;
                }
                if (e.status().code() != 409 || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private static boolean removeRefs(ArrayNode refs, Predicate<String> uid) {
        boolean changed = false;
        for (int i = refs.size() - 1; i >= 0; i--) {
            if (uid.test(refs.get(i).path("uid").asString(""))) {
                refs.remove(i);
                changed = true;
            }
        }
        return changed;
    }

    private static boolean unblock(ArrayNode refs, Set<String> uids) {
        boolean changed = false;
        for (JsonNode ref : refs) {
            if (ref instanceof ObjectNode o && uids.contains(o.path("uid").asString(""))
                    && o.path("blockOwnerDeletion").asBoolean(false)) {
                o.put("blockOwnerDeletion", false);
                changed = true;
            }
        }
        return changed;
    }

    static boolean hasFinalizer(ObjectNode obj, String finalizer) {
        for (JsonNode f : obj.path("metadata").path("finalizers")) {
            if (finalizer.equals(f.asString(""))) {
                return true;
            }
        }
        return false;
    }
}
