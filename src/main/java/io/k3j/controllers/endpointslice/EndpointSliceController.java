package io.k3j.controllers.endpointslice;

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
import io.k3j.client.workqueue.RateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.EventRecorder;
import io.k3j.controllers.ManagedController;
import io.k3j.controllers.endpoint.EndpointPods;
import io.k3j.controllers.endpoint.ServiceSelectors;
import io.k3j.controllers.endpoint.TriggerTimeTracker;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's endpointslice controller: keeps discovery.k8s.io/v1 EndpointSlices for every
 * Service with a selector, at most {@link SliceReconciler#MAX_ENDPOINTS_PER_SLICE} endpoints
 * each, labelled with the service name and this controller as manager and owned by the
 * Service; deletes them when the service goes or loses its selector. {@link #sync} is idempotent.
 */
public final class EndpointSliceController implements ManagedController {

    static final Resource SERVICES = Resource.core("services");
    static final Resource PODS = Resource.core("pods");
    static final Resource NODES = Resource.core("nodes");
    static final Resource SLICES = Resource.of("discovery.k8s.io", "v1", "endpointslices");
    /** Upstream's ConcurrentServiceEndpointSyncs default. */
    static final int WORKERS = 5;

    private SliceTracker tracker = new SliceTracker();
    private TriggerTimeTracker triggerTimes = new TriggerTimeTracker();
    private ApiClient client;
    private EventRecorder.Recorder events;
    private SharedInformer services;
    private SharedInformer pods;
    private SharedInformer nodes;
    private SharedInformer slices;
    private Controller controller;

    @Override
    public String name() {
        return "endpointslice";
    }

    @Override
    public void start(ControllerContext context) {
        client = context.client();
        tracker = new SliceTracker();
        triggerTimes = new TriggerTimeTracker();
        events = context.events().forComponent("endpoint-slice-controller");
        services = context.informers().get(SERVICES);
        pods = context.informers().get(PODS);
        nodes = context.informers().get(NODES);
        slices = context.informers().get(SLICES);
        controller = new Controller("endpointslice", new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter()),
                WORKERS, this::sync);
        services.addEventHandler(ResourceEventHandler.onAny(o -> enqueue(Store.key(o))));
        pods.addEventHandler(ServiceSelectors.podHandler(services.indexer(), this::enqueue));
        nodes.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onUpdate(ObjectNode oldNode, ObjectNode node) {
                if (!Objects.equals(zone(oldNode), zone(node))) {
                    servicesOnNode(Meta.name(node)).forEach(EndpointSliceController.this::enqueue);
                }
            }
        });
        slices.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode slice) {
                enqueueOwner(slice);
            }

            @Override
            public void onUpdate(ObjectNode oldSlice, ObjectNode slice) {
                if (!Objects.equals(Meta.resourceVersion(oldSlice), Meta.resourceVersion(slice))) {
                    enqueueOwner(slice);
                }
            }

            @Override
            public void onDelete(ObjectNode slice, boolean finalStateUnknown) {
                String svc = Meta.labels(slice).get(EndpointSlices.SERVICE_NAME_LABEL);
                if (svc != null) {
                    tracker.gone(Meta.namespace(slice) + "/" + svc, Meta.name(slice));
                }
                enqueueOwner(slice);
            }
        });
        controller.run();
    }

    private void enqueueOwner(ObjectNode slice) {
        String svc = Meta.labels(slice).get(EndpointSlices.SERVICE_NAME_LABEL);
        if (svc != null && EndpointSlices.isManaged(slice)) {
            enqueue(Meta.namespace(slice) + "/" + svc);
        }
    }

    private Set<String> servicesOnNode(String node) {
        Set<String> keys = new LinkedHashSet<>();
        for (ObjectNode pod : pods.indexer().byIndex(Indexers.NODE_NAME, node)) {
            keys.addAll(ServiceSelectors.servicesFor(services.indexer(), pod));
        }
        return keys;
    }

    private static String zone(ObjectNode node) {
        return Meta.labels(node).get(EndpointSlices.ZONE_LABEL);
    }

    private String zoneOf(String nodeName) {
        if (nodeName.isEmpty()) {
            return null;
        }
        return nodes.indexer().get(nodeName).map(EndpointSliceController::zone).orElse(null);
    }

    private void enqueue(String key) {
        controller.queue().add(key);
    }

    @Override
    public void stop() {
        if (controller != null) {
            controller.close();
        }
    }

    /** Brings the slices of service {@code key} (namespace/name) in line with its pods. */
    void sync(String key) {
        int slash = key.indexOf('/');
        String ns = key.substring(0, slash);
        String name = key.substring(slash + 1);
        List<ObjectNode> existing = slices.indexer().byIndex(Indexers.NAMESPACE, ns).stream()
                .filter(s -> name.equals(Meta.labels(s).get(EndpointSlices.SERVICE_NAME_LABEL))
                        && EndpointSlices.isManaged(s))
                .toList();
        if (tracker.stale(key, existing)) {
            throw new IllegalStateException("endpoint slice cache of " + key + " is behind this controller's writes");
        }
        Optional<ObjectNode> svc = services.indexer().get(key);
        Map<String, String> selector = svc.map(ServiceSelectors::selector).orElse(null);
        if (svc.isEmpty() || selector == null
                || svc.get().path("spec").path("type").asString("").equals("ExternalName")) {
            for (ObjectNode s : existing) {
                delete(key, s);
            }
            if (svc.isEmpty()) {
                triggerTimes.delete(key);
            }
            return;
        }
        ObjectNode service = svc.get();
        List<ObjectNode> matching = ServiceSelectors.podsFor(pods.indexer(), service, selector);
        SlicePlanner.Result result = SlicePlanner.plan(service, matching, existing, this::zoneOf,
                SliceReconciler.MAX_ENDPOINTS_PER_SLICE);
        if (result.isEmpty()) {
            return;
        }
        java.time.Instant trigger = triggerTimes.compute(service, matching);
        try {
            for (ObjectNode s : result.create()) {
                annotate(s, trigger);
                tracker.written(key, client.create(SLICES, ns, s));
            }
            for (ObjectNode s : result.update()) {
                annotate(s, trigger);
                tracker.written(key, client.update(SLICES, ns, s));
            }
            for (ObjectNode s : result.delete()) {
                delete(key, s);
            }
        } catch (ApiException e) {
            if (e.status().code() != 409 && e.status().code() != 404) {
                events.warning(service, "v1", "Service", "FailedToUpdateEndpointSlices",
                        "Error updating Endpoint Slices for Service " + key + ": " + e.getMessage());
            }
            throw e;
        }
    }

    private static void annotate(ObjectNode slice, java.time.Instant trigger) {
        ObjectNode meta = Meta.metadata(slice);
        if (trigger != null) {
            (meta.get("annotations") instanceof ObjectNode a ? a : meta.putObject("annotations"))
                    .put(TriggerTimeTracker.ANNOTATION, trigger.toString());
        } else if (meta.get("annotations") instanceof ObjectNode a) {
            a.remove(TriggerTimeTracker.ANNOTATION);
        }
    }

    private void delete(String key, ObjectNode slice) {
        try {
            client.delete(SLICES, Meta.namespace(slice), Meta.name(slice),
                    DeleteOptions.defaults().withPreconditions(Meta.uid(slice), null));
        } catch (ApiException e) {
            if (e.status().code() == 409) {
                return; // replaced by another slice of the same name; the next sync sees it
            }
            if (e.status().code() != 404) {
                throw e;
            }
        }
        tracker.deleted(key, Meta.name(slice));
    }
}
