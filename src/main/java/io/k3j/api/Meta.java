package io.k3j.api;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Reads and writes {@code metadata} fields of objects held as JSON trees. Stateless. */
public final class Meta {

    private Meta() {
    }

    /**
     * A new object and metadata holding the members of {@code object} (the same nodes: frozen ones
     * stay frozen), without the metadata field {@code dropped} (null: none). For a reader or a
     * write that changes only top-level members and metadata.
     */
    public static ObjectNode sharingWithout(ObjectNode object, String dropped) {
        ObjectNode copy = Json.shallowCopy(object);
        if (object.get("metadata") instanceof ObjectNode meta) {
            ObjectNode m = Json.shallowCopy(meta);
            if (dropped != null) {
                m.remove(dropped);
            }
            copy.set("metadata", m);
        }
        return copy;
    }

    /** The object's metadata, created empty if missing or not an object. */
    public static ObjectNode metadata(ObjectNode obj) {
        JsonNode m = obj.get("metadata");
        if (m instanceof ObjectNode o) {
            return o;
        }
        return obj.putObject("metadata");
    }

    public static String string(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() || !v.isString() ? null : v.stringValue();
    }

    public static String name(ObjectNode obj) {
        return string(obj.get("metadata"), "name");
    }

    public static String namespace(ObjectNode obj) {
        return string(obj.get("metadata"), "namespace");
    }

    public static String resourceVersion(ObjectNode obj) {
        return string(obj.get("metadata"), "resourceVersion");
    }

    public static String uid(ObjectNode obj) {
        return string(obj.get("metadata"), "uid");
    }

    /** A string-to-string map field of metadata (labels, annotations); empty when absent. */
    public static Map<String, String> stringMap(ObjectNode obj, String field) {
        JsonNode m = obj.path("metadata").path(field);
        Map<String, String> out = new LinkedHashMap<>();
        if (m.isObject()) {
            for (Map.Entry<String, JsonNode> e : m.properties()) {
                out.put(e.getKey(), e.getValue().isString() ? e.getValue().stringValue() : e.getValue().toString());
            }
        }
        return out;
    }

    public static Map<String, String> labels(ObjectNode obj) {
        return stringMap(obj, "labels");
    }

    /**
     * The labels as a read-only view over the object, for matching many objects against a
     * selector without copying each one's labels into a map.
     */
    public static Map<String, String> labelsView(ObjectNode obj) {
        JsonNode m = obj.path("metadata").path("labels");
        if (!(m instanceof ObjectNode labels)) {
            return Map.of();
        }
        return new java.util.AbstractMap<>() {
            @Override
            public String get(Object key) {
                JsonNode v = key instanceof String k ? labels.get(k) : null;
                return v == null ? null : v.isString() ? v.stringValue() : v.toString();
            }

            @Override
            public boolean containsKey(Object key) {
                return key instanceof String k && labels.has(k);
            }

            @Override
            public int size() {
                return labels.size();
            }

            @Override
            public java.util.Set<Map.Entry<String, String>> entrySet() {
                return stringMap(obj, "labels").entrySet();
            }
        };
    }

    /** The ObjectMeta members upstream's types mark {@code omitempty}: null or empty, they are not stored. */
    private static final java.util.List<String> OMITTED_WHEN_EMPTY = java.util.List.of("labels", "annotations",
            "finalizers", "ownerReferences", "generateName");

    /**
     * Removes the metadata members that are null or empty (an empty map, list or string) among
     * those Go leaves out of an encoded object ({@code omitempty}): labels, annotations,
     * finalizers, ownerReferences and generateName. An object written with {@code "finalizers": []}
     * reads back without the member, as from upstream's API server. managedFields is not among
     * them: an empty list there asks the field manager to reset it.
     */
    public static void dropEmpty(ObjectNode meta) {
        for (String member : OMITTED_WHEN_EMPTY) {
            JsonNode v = meta.get(member);
            if (v != null && (v.isNull() || v.isContainer() && v.isEmpty() || v.isString() && v.stringValue().isEmpty())) {
                meta.remove(member);
            }
        }
    }

    public static boolean hasFinalizers(ObjectNode obj) {
        JsonNode f = obj.path("metadata").path("finalizers");
        return f.isArray() && !f.isEmpty();
    }

    public static boolean isDeleting(ObjectNode obj) {
        JsonNode ts = obj.path("metadata").path("deletionTimestamp");
        return ts.isString() && !ts.stringValue().isEmpty();
    }

    /** Resolves a dotted field path ("metadata.name", "spec.nodeName") to its string value, or null. */
    public static String field(ObjectNode obj, String path) {
        JsonNode n = obj;
        for (String part : path.split("\\.")) {
            n = n.path(part);
        }
        if (n.isMissingNode() || n.isNull()) {
            return null;
        }
        return n.isString() ? n.stringValue() : n.isValueNode() ? n.asString() : null;
    }
}
