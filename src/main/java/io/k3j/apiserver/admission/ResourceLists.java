package io.k3j.apiserver.admission;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** Resource lists (name → quantity) as admission sums and prints them. Stateless. */
final class ResourceLists {

    private ResourceLists() {
    }

    /** The valid quantities of a JSON resource list, in its order (empty for null). */
    static Map<String, Quantity> of(JsonNode list) {
        Map<String, Quantity> out = new LinkedHashMap<>();
        if (list != null && list.isObject()) {
            for (Map.Entry<String, JsonNode> e : list.properties()) {
                Quantity q = Quantity.of(e.getValue());
                if (q != null) {
                    out.put(e.getKey(), q);
                }
            }
        }
        return out;
    }

    static void add(Map<String, Quantity> into, Map<String, Quantity> more) {
        more.forEach((k, v) -> into.merge(k, v, Quantity::plus));
    }

    private static void max(Map<String, Quantity> into, Map<String, Quantity> other) {
        other.forEach((k, v) -> into.merge(k, v, (a, b) -> b.compareTo(a) > 0 ? b : a));
    }

    /** A pod's effective requests: its containers and sidecars, or its largest init step if larger. */
    static Map<String, Quantity> podRequests(JsonNode spec) {
        return podTotal(spec, "requests");
    }

    /** A pod's effective limits, computed like its requests. */
    static Map<String, Quantity> podLimits(JsonNode spec) {
        return podTotal(spec, "limits");
    }

    private static Map<String, Quantity> podTotal(JsonNode spec, String field) {
        Map<String, Quantity> total = new LinkedHashMap<>();
        for (JsonNode c : spec.path("containers")) {
            add(total, of(c.path("resources").get(field)));
        }
        Map<String, Quantity> sidecars = new LinkedHashMap<>();
        Map<String, Quantity> init = new LinkedHashMap<>();
        for (JsonNode c : spec.path("initContainers")) {
            Map<String, Quantity> own = of(c.path("resources").get(field));
            if ("Always".equals(c.path("restartPolicy").asString(""))) {
                add(total, own);
                add(sidecars, own);
                max(init, sidecars);
            } else {
                Map<String, Quantity> step = new LinkedHashMap<>(own);
                add(step, sidecars);
                max(init, step);
            }
        }
        max(total, init);
        return total;
    }

    /** Upstream's prettyPrint: {@code name=quantity} sorted by name, comma-separated. */
    static String print(Map<String, Quantity> list) {
        return new TreeMap<>(list).entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
    }
}
