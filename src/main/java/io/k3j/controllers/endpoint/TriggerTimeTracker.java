package io.k3j.controllers.endpoint;

import io.k3j.api.Meta;
import io.k3j.client.informer.Store;
import io.k3j.controllers.Pods;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's TriggerTimeTracker: the value of {@code endpoints.kubernetes.io/last-change-trigger-time}
 * for a sync is the earliest change, among the service and its pods, not yet seen by an earlier
 * sync of the same service. A pod's change time is its Ready condition's last transition, a
 * service's its creation. Thread-safe; one tracker per controller.
 */
public final class TriggerTimeTracker {

    public static final String ANNOTATION = "endpoints.kubernetes.io/last-change-trigger-time";

    private record State(String serviceTime, Map<String, String> podTimes) {
    }

    private final Map<String, State> states = new ConcurrentHashMap<>();

    /** The trigger time for this sync of the service, or null when nothing changed since the last. */
    public Instant compute(ObjectNode service, List<ObjectNode> pods) {
        String key = Store.key(service);
        State previous = states.get(key);
        String serviceTime = Meta.string(service.get("metadata"), "creationTimestamp");
        Instant min = null;
        if (serviceTime != null && (previous == null || !serviceTime.equals(previous.serviceTime))) {
            min = parse(serviceTime);
        }
        Map<String, String> podTimes = new HashMap<>();
        for (ObjectNode pod : pods) {
            String t = podTime(pod);
            if (t == null) {
                continue;
            }
            podTimes.put(Meta.name(pod), t);
            if (previous == null || !t.equals(previous.podTimes.get(Meta.name(pod)))) {
                Instant at = parse(t);
                if (at != null && (min == null || at.isBefore(min))) {
                    min = at;
                }
            }
        }
        states.put(key, new State(serviceTime, podTimes));
        return min;
    }

    public void delete(String serviceKey) {
        states.remove(serviceKey);
    }

    private static String podTime(ObjectNode pod) {
        JsonNode ready = Pods.condition(pod, "Ready");
        if (ready == null) {
            return null;
        }
        String t = ready.path("lastTransitionTime").asString("");
        return t.isEmpty() ? null : t;
    }

    private static Instant parse(String t) {
        try {
            return Instant.parse(t);
        } catch (RuntimeException e) {
            return null;
        }
    }
}
