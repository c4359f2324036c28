package io.k3j.apiserver.registry.kinds;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A pod's QoS class as upstream computes it (pkg/apis/core/helper/qos ComputePodQOS): only cpu and memory count;
 * no requests or limits at all is BestEffort; cpu and memory limits on every container with requests equal to
 * limits is Guaranteed; anything else Burstable. Pod-level resources, when given, take the place of the
 * containers'. Stateless and thread-safe.
 */
public final class PodQos {

    private static final Set<String> QOS_RESOURCES = Set.of("cpu", "memory");

    private PodQos() {
    }

    /** "BestEffort", "Burstable" or "Guaranteed" for a pod spec (already defaulted). */
    public static String of(ObjectNode spec) {
        Map<String, BigDecimal> requests = new HashMap<>();
        Map<String, BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        ObjectNode podLevel = Trees.objectOrNull(spec, "resources");
        if (podLevel != null && (nonEmpty(podLevel, "requests") || nonEmpty(podLevel, "limits"))) {
            add(requests, Trees.objectOrNull(podLevel, "requests"));
            if (nonEmpty(podLevel, "limits")) {
                add(limits, Trees.objectOrNull(podLevel, "limits"));
                guaranteed = limitKeys(Trees.objectOrNull(podLevel, "limits")).containsAll(QOS_RESOURCES);
            } else {
                guaranteed = false;
            }
        } else {
            for (String list : new String[]{"containers", "initContainers"}) {
                for (ObjectNode c : Trees.objects(spec, list)) {
                    ObjectNode resources = Trees.objectOrNull(c, "resources");
                    add(requests, Trees.objectOrNull(resources, "requests"));
                    Set<String> found = add(limits, Trees.objectOrNull(resources, "limits"));
                    if (!found.containsAll(QOS_RESOURCES)) {
                        guaranteed = false;
                    }
                }
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return "BestEffort";
        }
        if (guaranteed) {
            for (Map.Entry<String, BigDecimal> r : requests.entrySet()) {
                BigDecimal limit = limits.get(r.getKey());
                if (limit == null || limit.compareTo(r.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
    }

    private static boolean nonEmpty(ObjectNode resources, String field) {
        ObjectNode list = Trees.objectOrNull(resources, field);
        return list != null && !list.isEmpty();
    }

    /** The QoS resources with a positive quantity in {@code list}. */
    private static Set<String> limitKeys(ObjectNode list) {
        return add(new HashMap<>(), list);
    }

    /** Adds the positive cpu and memory quantities of {@code list} to {@code into}; returns the names added. */
    private static Set<String> add(Map<String, BigDecimal> into, ObjectNode list) {
        Set<String> found = new HashSet<>();
        if (list == null) {
            return found;
        }
        for (Map.Entry<String, JsonNode> e : list.properties()) {
            BigDecimal q = Quantities.of(e.getValue());
            if (QOS_RESOURCES.contains(e.getKey()) && q != null && q.signum() > 0) {
                found.add(e.getKey());
                into.merge(e.getKey(), q, BigDecimal::add);
            }
        }
        return found;
    }
}
