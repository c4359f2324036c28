package io.k3j.apiserver.apiextensions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's pruning of custom resources: fields the structural schema does not specify are dropped. A property
 * is kept and pruned by its own schema; otherwise {@code additionalProperties} (a schema, or true/false with no
 * schema, which then prunes everything below) keeps it; otherwise it goes. Under
 * {@code x-kubernetes-preserve-unknown-fields: true} unknown fields stay (specified ones are still pruned).
 * {@code apiVersion}, {@code kind} and {@code metadata} stay at the root and in embedded resources. Only the
 * structural part of the schema counts (not allOf/anyOf/oneOf/not). Stateless.
 */
public final class Pruning {

    private static final Set<String> META_FIELDS = Set.of("apiVersion", "kind", "metadata");

    private Pruning() {
    }

    /** Prunes {@code object} in place against {@code schema}, the object being a resource root. */
    public static void prune(ObjectNode object, JsonNode schema) {
        prune(object, schema, true);
    }

    /** Prunes {@code value} in place; {@code root} treats it as a resource root (meta fields kept). */
    static void prune(JsonNode value, JsonNode schema, boolean root) {
        if (root && value.isObject()) {
            if (schema != null && Schemas.preserveUnknown(schema)) {
                skipPrune(value, schema, true);
            } else {
                pruneObject((ObjectNode) value, schema, true);
            }
            return;
        }
        prune(value, schema);
    }

    private static void prune(JsonNode x, JsonNode s) {
        if (s != null && Schemas.preserveUnknown(s)) {
            skipPrune(x, s, Schemas.embedded(s));
            return;
        }
        if (x.isObject()) {
            pruneObject((ObjectNode) x, s, s != null && Schemas.embedded(s));
        } else if (x.isArray()) {
            JsonNode items = s == null ? null : Schemas.items(s);
            for (JsonNode v : x.values()) {
                prune(v, items);
            }
        }
    }

    private static void pruneObject(ObjectNode x, JsonNode s, boolean keepMeta) {
        List<String> drop = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : x.properties()) {
            if (keepMeta && META_FIELDS.contains(e.getKey())) {
                continue;
            }
            if (s == null) {
                drop.add(e.getKey());
                continue;
            }
            JsonNode prop = Schemas.property(s, e.getKey());
            if (prop != null) {
                prune(e.getValue(), prop);
            } else if (Schemas.hasAdditionalProperties(s)) {
                prune(e.getValue(), Schemas.additionalProperties(s));
            } else {
                drop.add(e.getKey());
            }
        }
        x.remove(drop);
    }

    private static void skipPrune(JsonNode x, JsonNode s, boolean keepMeta) {
        if (s == null) {
            return;
        }
        if (x.isObject()) {
            for (Map.Entry<String, JsonNode> e : x.properties()) {
                if (keepMeta && META_FIELDS.contains(e.getKey())) {
                    continue;
                }
                JsonNode prop = Schemas.property(s, e.getKey());
                if (prop != null) {
                    prune(e.getValue(), prop);
                } else if (Schemas.hasAdditionalProperties(s)) {
                    prune(e.getValue(), Schemas.additionalProperties(s));
                }
            }
        } else if (x.isArray()) {
            JsonNode items = Schemas.items(s);
            for (JsonNode v : x.values()) {
                if (items != null) {
                    skipPrune(v, items, Schemas.embedded(items));
                }
            }
        }
    }
}
