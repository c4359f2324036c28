package io.k3j.controllers.endpoint;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.Resource;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.SharedInformer;
import io.k3j.client.informer.Store;
import io.k3j.client.workqueue.Controller;
import io.k3j.client.workqueue.RateLimiter;
import io.k3j.client.workqueue.RateLimitingQueue;
import io.k3j.controllers.ControllerContext;
import io.k3j.controllers.EventRecorder;
import io.k3j.controllers.ManagedController;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's endpoints controller: keeps, for every Service with a selector, an Endpoints
 * object of the same name listing the matching pods' addresses and resolved ports. Services
 * without a selector (such as {@code default/kubernetes}, kept by the API server) are left to
 * whoever writes their Endpoints. {@link #sync} is idempotent.
 */
public final class EndpointsController implements ManagedController {

    private static final Logger LOG = LoggerFactory.getLogger(EndpointsController.class);
    static final Resource SERVICES = Resource.core("services");
    static final Resource PODS = Resource.core("pods");
    static final Resource ENDPOINTS = Resource.core("endpoints");
    /** Upstream's ConcurrentEndpointSyncs default. */
    static final int WORKERS = 5;

    private TriggerTimeTracker triggerTimes = new TriggerTimeTracker();
    private ApiClient client;
    private EventRecorder.Recorder events;
    private SharedInformer services;
    private SharedInformer pods;
    private SharedInformer endpoints;
    private Controller controller;

    @Override
    public String name() {
        return "endpoints";
    }

    @Override
    public void start(ControllerContext context) {
        client = context.client();
        triggerTimes = new TriggerTimeTracker();
        events = context.events().forComponent("endpoint-controller");
        services = context.informers().get(SERVICES);
        pods = context.informers().get(PODS);
        endpoints = context.informers().get(ENDPOINTS);
        controller = new Controller("endpoints", new RateLimitingQueue<>(RateLimiter.defaultControllerRateLimiter()),
                WORKERS, this::sync);
        services.addEventHandler(ResourceEventHandler.onAny(o -> enqueue(Store.key(o))));
        pods.addEventHandler(ServiceSelectors.podHandler(services.indexer(), this::enqueue));
        endpoints.addEventHandler(new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode ep) {
                // finds Endpoints this controller left behind for services that are gone
                if (EndpointsBuilder.isManaged(ep)) {
                    enqueue(Store.key(ep));
                }
            }

            @Override
            public void onDelete(ObjectNode ep, boolean finalStateUnknown) {
                enqueue(Store.key(ep));
            }
        });
        controller.run();
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

    /** Brings the Endpoints of service {@code key} (namespace/name) in line with its pods. */
    void sync(String key) {
        int slash = key.indexOf('/');
        String ns = key.substring(0, slash);
        String name = key.substring(slash + 1);
        Optional<ObjectNode> svc = services.indexer().get(key);
        Optional<ObjectNode> current = endpoints.indexer().get(key);
        if (svc.isEmpty()) {
            triggerTimes.delete(key);
            if (current.isPresent() && EndpointsBuilder.isManaged(current.get())) {
                deleteIgnoringMissing(ns, name, Meta.uid(current.get()));
            }
            return;
        }
        ObjectNode service = svc.get();
        Map<String, String> selector = ServiceSelectors.selector(service);
        if (selector == null || service.path("spec").path("type").asString("").equals("ExternalName")) {
            return;
        }
        var matching = ServiceSelectors.podsFor(pods.indexer(), service, selector);
        ObjectNode desired = EndpointsBuilder.desired(service, matching, current.orElse(null),
                triggerTimes.compute(service, matching));
        if (current.isPresent() && EndpointsBuilder.upToDate(current.get(), desired)) {
            return;
        }
        try {
            if (current.isEmpty()) {
                client.create(ENDPOINTS, ns, desired);
            } else {
                client.update(ENDPOINTS, ns, desired);
            }
        } catch (ApiException e) {
            if (current.isEmpty() && e.status().code() == 403) {
                LOG.debug("endpoints {}: not created: {}", key, e.getMessage());
                return; // namespace terminating
            }
            if (e.status().code() != 409) {
                events.warning(service, "v1", "Service", current.isEmpty() ? "FailedToCreateEndpoint"
                        : "FailedToUpdateEndpoint", "Failed to " + (current.isEmpty() ? "create" : "update")
                        + " endpoint " + key + ": " + e.getMessage());
            }
            throw e;
        }
    }

    private void deleteIgnoringMissing(String ns, String name, String uid) {
        try {
            client.delete(ENDPOINTS, ns, name, io.k3j.client.DeleteOptions.defaults().withPreconditions(uid, null));
        } catch (ApiException e) {
            if (e.status().code() != 404 && e.status().code() != 409) {
                throw e;
            }
        }
    }

    static ObjectNode emptyEndpoints(String ns, String name) {
        ObjectNode ep = Json.object();
        ep.put("apiVersion", "v1");
        ep.put("kind", "Endpoints");
        ep.putObject("metadata").put("name", name).put("namespace", ns);
        return ep;
    }
}
