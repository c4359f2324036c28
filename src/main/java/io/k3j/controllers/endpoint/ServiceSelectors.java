package io.k3j.controllers.endpoint;

import io.k3j.api.Meta;
import io.k3j.client.informer.Indexer;
import io.k3j.client.informer.ResourceEventHandler;
import io.k3j.client.informer.Indexers;
import io.k3j.client.informer.Store;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Service selectors and the pods they pick, over informer caches: a pod change maps to the
 * services of its namespace whose selector its labels match (no full scan of all services).
 * Stateless; thread-safe as the indexers are.
 */
public final class ServiceSelectors {

    private ServiceSelectors() {
    }

    /**
     * The service's selector, or null when it has none (an empty map counts as none, as it does
     * once upstream's storage has dropped it).
     */
    public static Map<String, String> selector(ObjectNode service) {
        JsonNode s = service.path("spec").path("selector");
        if (!s.isObject() || s.isEmpty()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : s.properties()) {
            out.put(e.getKey(), e.getValue().asString(""));
        }
        return out;
    }

    /** Whether {@code labels} carry every key/value of {@code selector}. */
    public static boolean matches(Map<String, String> selector, Map<String, String> labels) {
        for (Map.Entry<String, String> e : selector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    /** Keys of the services in the pod's namespace whose selector matches the pod. */
    public static Set<String> servicesFor(Indexer services, ObjectNode pod) {
        Set<String> keys = new LinkedHashSet<>();
        String ns = Meta.namespace(pod);
        if (ns == null) {
            return keys;
        }
        Map<String, String> labels = Meta.labels(pod);
        for (ObjectNode svc : services.byIndex(Indexers.NAMESPACE, ns)) {
            Map<String, String> sel = selector(svc);
            if (sel != null && matches(sel, labels)) {
                keys.add(Store.key(svc));
            }
        }
        return keys;
    }

    /** The pods of the service's namespace its selector matches. */
    public static List<ObjectNode> podsFor(Indexer pods, ObjectNode service, Map<String, String> selector) {
        return pods.byIndex(Indexers.NAMESPACE, Meta.namespace(service)).stream()
                .filter(p -> matches(selector, Meta.labels(p)))
                .toList();
    }

    /**
     * A pod handler that hands {@code enqueue} the keys of the services selecting the pod (and,
     * when its labels changed, those that selected it before); updates that change nothing an
     * endpoint shows are ignored. Shared by the endpoints and endpointslice controllers.
     */
    public static ResourceEventHandler podHandler(Indexer services, Consumer<String> enqueue) {
        return new ResourceEventHandler() {
            @Override
            public void onAdd(ObjectNode pod) {
                servicesFor(services, pod).forEach(enqueue);
            }

            @Override
            public void onUpdate(ObjectNode oldPod, ObjectNode pod) {
                if (!EndpointPods.endpointsChanged(oldPod, pod)) {
                    return;
                }
                servicesFor(services, pod).forEach(enqueue);
                if (!Meta.labels(oldPod).equals(Meta.labels(pod))) {
                    servicesFor(services, oldPod).forEach(enqueue);
                }
            }

            @Override
            public void onDelete(ObjectNode pod, boolean finalStateUnknown) {
                servicesFor(services, pod).forEach(enqueue);
            }
        };
    }
}
