package io.k3j.apiserver.apiextensions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's structural defaulting of custom resources, in its two steps: first nulls that the schema does not
 * allow (not {@code nullable}) and that have no {@code default} are removed, then every property with a
 * {@code default} that is absent, or null without {@code nullable}, gets a deep copy of it; defaulting recurses
 * into present objects (properties and {@code additionalProperties} values) and array items, null array items
 * and map values taking their schema's default the same way. Stateless.
 */
public final class Defaulting {

    private Defaulting() {
    }

    /** Defaults {@code object} in place against {@code schema}. */
    public static void apply(ObjectNode object, JsonNode schema) {
        pruneNonNullableNulls(object, schema);
        defaultValue(object, schema);
    }

    private static boolean nonNullableNull(JsonNode x, JsonNode s) {
        return x != null && x.isNull() && s != null && !Schemas.nullable(s);
    }

    private static JsonNode defaultOf(JsonNode s) {
        return s == null ? null : s.get("default");
    }

    /** Removes null members that are not nullable and have no default (upstream's prune of nulls). */
    static void pruneNonNullableNulls(JsonNode x, JsonNode s) {
        if (x.isObject()) {
            List<String> drop = new ArrayList<>();
            for (Map.Entry<String, JsonNode> e : x.properties()) {
                JsonNode fieldSchema = s == null ? null : Schemas.member(s, e.getKey());
                if (nonNullableNull(e.getValue(), fieldSchema) && defaultOf(fieldSchema) == null) {
                    drop.add(e.getKey());
                } else {
                    pruneNonNullableNulls(e.getValue(), fieldSchema);
                }
            }
            ((ObjectNode) x).remove(drop);
        } else if (x.isArray()) {
            JsonNode items = s == null ? null : Schemas.items(s);
            for (JsonNode v : x.values()) {
                pruneNonNullableNulls(v, items);
            }
        }
    }

    static void defaultValue(JsonNode x, JsonNode s) {
        if (s == null) {
            return;
        }
        if (x.isObject()) {
            ObjectNode o = (ObjectNode) x;
            JsonNode props = s.get("properties");
            if (props != null && props.isObject()) {
                for (Map.Entry<String, JsonNode> p : props.properties()) {
                    JsonNode def = defaultOf(p.getValue());
                    if (def != null && (!o.has(p.getKey()) || nonNullableNull(o.get(p.getKey()), p.getValue()))) {
                        o.set(p.getKey(), def.deepCopy());
                    }
                }
            }
            JsonNode additional = Schemas.additionalProperties(s);
            for (Map.Entry<String, JsonNode> e : new ArrayList<>(o.properties())) {
                JsonNode prop = Schemas.property(s, e.getKey());
                if (prop != null) {
                    defaultValue(o.get(e.getKey()), prop);
                } else if (additional != null) {
                    if (nonNullableNull(e.getValue(), additional) && defaultOf(additional) != null) {
                        o.set(e.getKey(), defaultOf(additional).deepCopy());
                    }
                    defaultValue(o.get(e.getKey()), additional);
                }
            }
        } else if (x.isArray()) {
            ArrayNode a = (ArrayNode) x;
            JsonNode items = Schemas.items(s);
            for (int i = 0; i < a.size(); i++) {
                if (nonNullableNull(a.get(i), items) && defaultOf(items) != null) {
                    a.set(i, defaultOf(items).deepCopy());
                }
                defaultValue(a.get(i), items);
            }
        }
    }
}
