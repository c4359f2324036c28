package io.k3j.apiserver.registry.kinds;

import io.k3j.apiserver.registry.Strategy;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * LimitRanges (core/v1): upstream's defaults for Container items — a missing default limit is the max, a missing
 * default request is the default limit, else the min. Stateless and thread-safe.
 */
public final class LimitRangeStrategy implements Strategy {

    @Override
    public void prepareForCreate(ObjectNode obj) {
        defaults(obj);
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        defaults(updated);
    }

    /** Applies the item defaults to every limit of a LimitRange. */
    public static void defaults(ObjectNode limitRange) {
        for (ObjectNode item : Trees.objects(limitRange.get("spec"), "limits")) {
            defaultItem(item);
        }
    }

    /** Applies the defaults to one item (only Container items have any). */
    public static void defaultItem(ObjectNode item) {
        if (!"Container".equals(Trees.str(item, "type"))) {
            return;
        }
        ObjectNode def = Trees.object(item, "default");
        ObjectNode defRequest = Trees.object(item, "defaultRequest");
        if (def == null || defRequest == null) {
            return;
        }
        fill(def, item.get("max"));
        fill(defRequest, def);
        fill(defRequest, item.get("min"));
        if (def.isEmpty()) {
            item.remove("default");
        }
        if (defRequest.isEmpty()) {
            item.remove("defaultRequest");
        }
    }

    private static void fill(ObjectNode target, JsonNode from) {
        if (from == null || !from.isObject()) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : from.properties()) {
            if (!target.has(e.getKey())) {
                target.set(e.getKey(), e.getValue().deepCopy());
            }
        }
    }
}
