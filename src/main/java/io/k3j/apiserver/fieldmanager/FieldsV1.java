package io.k3j.apiserver.fieldmanager;

import io.k3j.api.Json;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The FieldsV1 JSON form of a {@link FieldSet}: a trie whose keys are path elements
 * ({@code f:}, {@code k:}, {@code v:}, {@code i:}); an empty object marks a member without
 * children, and a {@code ".": {}} entry marks that a node with children is a member itself.
 * Elements are written in path-element order. Stateless.
 */
public final class FieldsV1 {

    private FieldsV1() {
    }

    /** The FieldsV1 tree of {@code set}. */
    public static ObjectNode encode(FieldSet set) {
        ObjectNode out = Json.object();
        write(set, out);
        return out;
    }

    private static void write(FieldSet set, ObjectNode out) {
        for (int i = 0; i < set.width(); i++) {
            ObjectNode node = out.putObject(set.element(i).text());
            FieldSet child = set.child(i);
            if (child != null && !child.isEmpty()) {
                if (set.isMember(i)) {
                    node.putObject(".");
                }
                write(child, node);
            }
        }
    }

    /**
     * Reads a FieldsV1 tree; null or JSON null is the empty set. Anything malformed raises
     * {@link IllegalArgumentException}.
     */
    public static FieldSet decode(JsonNode fields) {
        FieldSet out = new FieldSet();
        if (fields == null || fields.isNull()) {
            return out;
        }
        if (!fields.isObject()) {
            throw new IllegalArgumentException("fieldsV1 must be a JSON object");
        }
        read(fields, out);
        return out;
    }

    private static void read(JsonNode node, FieldSet out) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            String key = e.getKey();
            JsonNode value = e.getValue();
            if (!value.isObject()) {
                throw new IllegalArgumentException("fieldsV1 entry " + key + " must be a JSON object");
            }
            if (key.equals(".")) {
                if (!value.isEmpty()) {
                    throw new IllegalArgumentException("fieldsV1 entry \".\" must be empty");
                }
                continue;
            }
            PathElement pe = PathElement.parse(key);
            if (value.isEmpty()) {
                out.attach(pe, true, null);
                continue;
            }
            FieldSet child = new FieldSet();
            read(value, child);
            out.attach(pe, value.has(".") || child.isEmpty(), child);
        }
    }
}
