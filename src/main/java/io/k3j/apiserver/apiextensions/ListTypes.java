package io.k3j.apiserver.apiextensions;

import io.k3j.api.Json;
import io.k3j.api.Status.Cause;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's uniqueness rules for {@code x-kubernetes-list-type: set} (whole items) and {@code map} (the
 * {@code x-kubernetes-list-map-keys} values of each item): the second appearance of a value is reported as
 * {@code Duplicate value}, once per value. Paths as apimachinery prints them ({@code spec.ports[1]},
 * map values as {@code spec.byName[key]}). Stateless.
 */
final class ListTypes {

    private ListTypes() {
    }

    static List<Cause> validate(JsonNode object, JsonNode schema) {
        List<Cause> out = new ArrayList<>();
        if (object.isObject()) {
            object(null, schema, object, out);
        }
        return out;
    }

    static String child(String path, String name) {
        return path == null ? name : path + "." + name;
    }

    static String key(String path, String key) {
        return (path == null ? "" : path) + "[" + key + "]";
    }

    private static void object(String path, JsonNode s, JsonNode obj, List<Cause> out) {
        JsonNode additional = Schemas.additionalProperties(s);
        if (additional != null) {
            for (Map.Entry<String, JsonNode> e : obj.properties()) {
                value(key(path, e.getKey()), additional, e.getValue(), out);
            }
        }
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            JsonNode prop = Schemas.property(s, e.getKey());
            if (prop != null) {
                value(child(path, e.getKey()), prop, e.getValue(), out);
            }
        }
    }

    private static void value(String path, JsonNode s, JsonNode v, List<Cause> out) {
        if (v.isArray()) {
            array(path, s, v, out);
        } else if (v.isObject()) {
            object(path, s, v, out);
        }
    }

    private static void array(String path, JsonNode s, JsonNode arr, List<Cause> out) {
        JsonNode listType = s.get(Schemas.LIST_TYPE);
        String type = listType != null && listType.isString() ? listType.stringValue() : "";
        if (type.equals("set")) {
            List<JsonNode> items = new ArrayList<>();
            arr.values().forEach(items::add);
            for (int i : nonUnique(items)) {
                out.add(FieldErrors.duplicate(path + "[" + i + "]", items.get(i)));
            }
        } else if (type.equals("map")) {
            listMap(path, s, arr, out);
        }
        JsonNode items = Schemas.items(s);
        if (items != null) {
            int i = 0;
            for (JsonNode x : arr.values()) {
                value(path + "[" + i++ + "]", items, x, out);
            }
        }
    }

    /** The index of each value's second appearance. */
    private static List<Integer> nonUnique(List<JsonNode> values) {
        List<Integer> result = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < values.size(); i++) {
            JsonNode x = values.get(i);
            String k = x == null ? "undefined" : identity(x);
            int times = seen.merge(k, 1, Integer::sum);
            if (times == 2) {
                result.add(i);
            }
        }
        return result;
    }

    /** Scalars compare by Go type and value, compound values by their JSON encoding. */
    private static String identity(JsonNode x) {
        if (x.isObject() || x.isArray()) {
            return "c:" + FieldErrors.goJson(x);
        }
        return "s:" + SchemaValidator.jsonType(x) + ":" + (x.isNull() ? "null" : FieldErrors.goJson(x));
    }

    private static void listMap(String path, JsonNode s, JsonNode arr, List<Cause> out) {
        int i = 0;
        for (JsonNode x : arr.values()) {
            if (!x.isNull() && !x.isObject()) {
                out.add(FieldErrors.invalid(path + "[" + i + "]", x, "must be an object for an array of list-type map"));
                return;
            }
            i++;
        }
        List<String> keyFields = new ArrayList<>();
        JsonNode mapKeys = s.get(Schemas.LIST_MAP_KEYS);
        if (mapKeys != null && mapKeys.isArray()) {
            mapKeys.values().forEach(k -> keyFields.add(k.asString()));
        }
        List<JsonNode> keys = new ArrayList<>();
        List<ObjectNode> shown = new ArrayList<>();
        for (JsonNode x : arr.values()) {
            ObjectNode key = Json.object();
            for (String f : keyFields) {
                if (x.isObject() && x.has(f)) {
                    key.set(f, x.get(f));
                }
            }
            shown.add(key);
            if (keyFields.size() == 1) {
                keys.add(key.isEmpty() ? null : key.get(keyFields.getFirst()));
            } else {
                keys.add(key);
            }
        }
        for (int n : nonUnique(keys)) {
            out.add(FieldErrors.duplicate(path + "[" + n + "]", shown.get(n)));
        }
    }
}
