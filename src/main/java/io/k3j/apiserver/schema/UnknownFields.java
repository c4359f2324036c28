package io.k3j.apiserver.schema;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finds and removes the members of an object its schema does not describe, as decoding into
 * upstream's Go types drops them, and the described members set to null (decoded as zero
 * values, which the JSON form leaves out). Unknown paths are reported as upstream's decoder
 * reports them ({@code spec.template.spec.containers[0].foo}).
 */
public final class UnknownFields {

    private UnknownFields() {
    }

    /** Removes unknown members of {@code obj} (a whole object of {@code type}) and returns their paths. */
    public static List<String> prune(ObjectNode obj, TypeSchema type, Schema schema) {
        List<String> found = new ArrayList<>();
        object(obj, type, schema, "", true, found);
        return found;
    }

    private static void object(ObjectNode obj, TypeSchema type, Schema schema, String path, boolean root,
                               List<String> found) {
        for (Iterator<Map.Entry<String, JsonNode>> it = obj.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String at = path.isEmpty() ? name : path + "." + name;
            FieldSchema f = type.field(name);
            if (f == null) {
                if (!(root && (name.equals("apiVersion") || name.equals("kind")))) {
                    found.add(at);
                    it.remove();
                }
                continue;
            }
            if (e.getValue().isNull()) {
                it.remove();
                continue;
            }
            value(e.getValue(), f.type(), schema, at, found);
        }
    }

    private static void value(JsonNode v, ValueType type, Schema schema, String path, List<String> found) {
        switch (type) {
            case ValueType.Ref r -> {
                TypeSchema t = schema.type(r.name());
                if (t != null && t.wraps()) {
                    value(v, t.ownFields().getFirst().type(), schema, path, found);
                } else if (t != null && v instanceof ObjectNode o) {
                    object(o, t, schema, path, false, found);
                }
            }
            case ValueType.ListOf l -> {
                if (v instanceof ArrayNode a) {
                    for (int i = 0; i < a.size(); i++) {
                        value(a.get(i), l.items(), schema, path + "[" + i + "]", found);
                    }
                }
            }
            case ValueType.MapOf m -> {
                if (v instanceof ObjectNode o) {
                    for (Map.Entry<String, JsonNode> e : o.properties()) {
                        value(e.getValue(), m.values(), schema, path + "[" + e.getKey() + "]", found);
                    }
                }
            }
            default -> {
            }
        }
    }

    /** Paths of the members {@code before} has and {@code after} (the same value, pruned) lacks. */
    public static List<String> removed(JsonNode before, JsonNode after) {
        List<String> out = new ArrayList<>();
        removed(before, after, "", out);
        return out;
    }

    private static void removed(JsonNode before, JsonNode after, String path, List<String> out) {
        if (before instanceof ObjectNode b && after instanceof ObjectNode a) {
            for (Map.Entry<String, JsonNode> e : b.properties()) {
                String at = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                JsonNode kept = a.get(e.getKey());
                if (kept == null) {
                    out.add(at);
                } else {
                    removed(e.getValue(), kept, at, out);
                }
            }
        } else if (before instanceof ArrayNode b && after instanceof ArrayNode a) {
            for (int i = 0; i < Math.min(b.size(), a.size()); i++) {
                removed(b.get(i), a.get(i), path + "[" + i + "]", out);
            }
        }
    }
}
