package io.k3j.apiserver.apiextensions;

import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Reading a JSONSchemaProps tree (an {@code openAPIV3Schema} node as JSON) and comparing JSON values the way
 * upstream's unstructured Go values compare: integers that fit 64 bits are int64, every other number is a
 * float64, and an int64 never equals a float64. Stateless.
 */
final class Schemas {

    static final String PRESERVE = "x-kubernetes-preserve-unknown-fields";
    static final String INT_OR_STRING = "x-kubernetes-int-or-string";
    static final String EMBEDDED = "x-kubernetes-embedded-resource";
    static final String LIST_TYPE = "x-kubernetes-list-type";
    static final String LIST_MAP_KEYS = "x-kubernetes-list-map-keys";
    static final String MAP_TYPE = "x-kubernetes-map-type";

    private Schemas() {
    }

    /** The schema's {@code type}, or "" when unset. */
    static String type(JsonNode s) {
        JsonNode t = s == null ? null : s.get("type");
        return t != null && t.isString() ? t.stringValue() : "";
    }

    static boolean flag(JsonNode s, String name) {
        JsonNode v = s == null ? null : s.get(name);
        return v != null && v.isBoolean() && v.booleanValue();
    }

    static boolean preserveUnknown(JsonNode s) {
        return flag(s, PRESERVE);
    }

    static boolean embedded(JsonNode s) {
        return flag(s, EMBEDDED);
    }

    static boolean intOrString(JsonNode s) {
        return flag(s, INT_OR_STRING);
    }

    static boolean nullable(JsonNode s) {
        return flag(s, "nullable");
    }

    /** The sub-schema of property {@code name}, or null. */
    static JsonNode property(JsonNode s, String name) {
        JsonNode props = s == null ? null : s.get("properties");
        JsonNode p = props != null && props.isObject() ? props.get(name) : null;
        return p != null && p.isObject() ? p : null;
    }

    static boolean hasProperties(JsonNode s) {
        JsonNode props = s == null ? null : s.get("properties");
        return props != null && props.isObject() && !props.isEmpty();
    }

    /** The {@code items} schema when it is a single schema, or null. */
    static JsonNode items(JsonNode s) {
        JsonNode i = s == null ? null : s.get("items");
        return i != null && i.isObject() ? i : null;
    }

    /** Whether {@code additionalProperties} is set at all (a schema, true or false). */
    static boolean hasAdditionalProperties(JsonNode s) {
        JsonNode a = s == null ? null : s.get("additionalProperties");
        return a != null && (a.isObject() || a.isBoolean());
    }

    /** The {@code additionalProperties} schema, or null for none, true or false. */
    static JsonNode additionalProperties(JsonNode s) {
        JsonNode a = s == null ? null : s.get("additionalProperties");
        return a != null && a.isObject() ? a : null;
    }

    /** The schema applying to member {@code key} of an object: its property, else additionalProperties. */
    static JsonNode member(JsonNode s, String key) {
        JsonNode p = property(s, key);
        return p != null ? p : additionalProperties(s);
    }

    /** Whether a number is an int64 in upstream's decoding (an integer literal within 64 bits). */
    static boolean isInt64(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToLong();
    }

    /** Upstream's deep equality of decoded JSON values (Go's reflect.DeepEqual on unstructured data). */
    static boolean goEquals(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a.isNumber() && b.isNumber()) {
            boolean ai = isInt64(a);
            if (ai != isInt64(b)) {
                return false;
            }
            return ai ? a.longValue() == b.longValue() : a.doubleValue() == b.doubleValue();
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                if (!b.has(e.getKey()) || !goEquals(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            Iterator<JsonNode> bi = b.values().iterator();
            for (JsonNode x : a.values()) {
                if (!goEquals(x, bi.next())) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    /** Whether a float64 holds an integer value (go-openapi's IsFloat64AJSONInteger). */
    static boolean isJsonInteger(double f) {
        if (Double.isNaN(f) || Double.isInfinite(f) || f < -9007199254740991d || f > 9007199254740991d) {
            return false;
        }
        double g = (double) (long) f;
        if (f == g) {
            return true;
        }
        double fa = Math.abs(f);
        if (fa < 1e-9) {
            return false;
        }
        return Math.abs(f - g) / Math.min(fa + Math.abs(g), Double.MAX_VALUE) < 1e-9;
    }
}
