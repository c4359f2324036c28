package io.k3j.apiserver.registry.kinds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Small JSON tree helpers for defaulting: Go's "unset" is a missing or null member (or an empty string for string
 * fields). Stateless and thread-safe.
 */
final class Trees {

    private Trees() {
    }

    /** Whether {@code field} of {@code node} is missing or JSON null. */
    static boolean absent(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull();
    }

    /** Whether a string field is unset as Go sees it: missing, null or "". */
    static boolean blank(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isString() && v.stringValue().isEmpty();
    }

    /** Whether an integer field is unset as Go sees a non-pointer int: missing, null or 0. */
    static boolean zero(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || v.isNumber() && v.asDouble() == 0;
    }

    /** The string value of {@code field}, or null when it is missing or not a string. */
    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    /** The string value of {@code field}, or "" when it is missing or not a string. */
    static String str(JsonNode node, String field) {
        String s = text(node, field);
        return s == null ? "" : s;
    }

    /** The member object {@code field} of {@code parent}, or null when missing or not an object. */
    static ObjectNode objectOrNull(JsonNode parent, String field) {
        JsonNode v = parent == null ? null : parent.get(field);
        return v instanceof ObjectNode o ? o : null;
    }

    /** The member object {@code field}, created empty when missing or null (other types are left alone: null). */
    static ObjectNode object(ObjectNode parent, String field) {
        JsonNode v = parent.get(field);
        if (v instanceof ObjectNode o) {
            return o;
        }
        return v == null || v.isNull() ? parent.putObject(field) : null;
    }

    /** The elements of array {@code field} that are objects, in order (empty when the array is missing). */
    static List<ObjectNode> objects(JsonNode parent, String field) {
        JsonNode v = parent == null ? null : parent.get(field);
        List<ObjectNode> out = new ArrayList<>();
        if (v != null && v.isArray()) {
            for (JsonNode e : v) {
                if (e instanceof ObjectNode o) {
                    out.add(o);
                }
            }
        }
        return out;
    }

    /** Number of elements of array {@code field} (0 when missing or not an array). */
    static int size(JsonNode parent, String field) {
        JsonNode v = parent == null ? null : parent.get(field);
        return v != null && v.isArray() ? v.size() : 0;
    }

    /** Sets a string field when it is unset ({@link #blank}). */
    static void defaultString(ObjectNode node, String field, String value) {
        if (blank(node, field)) {
            node.put(field, value);
        }
    }

    /** Sets an integer field when it is missing or null (a Go pointer field). */
    static void defaultInt(ObjectNode node, String field, int value) {
        if (absent(node, field)) {
            node.put(field, value);
        }
    }

    /** Sets a boolean field when it is missing or null (a Go pointer field). */
    static void defaultBool(ObjectNode node, String field, boolean value) {
        if (absent(node, field)) {
            node.put(field, value);
        }
    }

    /** Sets an empty object field when it is missing or null. */
    static void defaultObject(ObjectNode node, String field) {
        if (absent(node, field)) {
            node.putObject(field);
        }
    }

    /** The integral value of {@code field}, or null when missing, null or not an integral number. */
    static Long integer(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isIntegralNumber() ? v.asLong() : null;
    }

    /** A map-valued field (labels, selectors) as string pairs; null when missing or not an object. */
    static Map<String, String> stringMap(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        if (v == null || !v.isObject()) {
            return null;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (var e : v.properties()) {
            out.put(e.getKey(), e.getValue().isString() ? e.getValue().stringValue() : e.getValue().toString());
        }
        return out;
    }
}
