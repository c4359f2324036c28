package io.k3j.apiserver.fieldmanager;

import io.k3j.api.GoQuote;
import io.k3j.api.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What upstream does server-side for objects that client-side {@code kubectl apply} manages
 * (they carry the {@value #ANNOTATION} annotation) when the manager {@value #KUBECTL} applies
 * them server-side: conflicts on fields the annotation holds with the value the object still
 * has are allowed (the apply then goes ahead as if forced — the fields are kubectl's own from
 * its client-side applies), and after the apply the annotation is rewritten to the new
 * configuration, so a later client-side apply sees what was applied last. Other managers are
 * not affected. Stateless.
 */
final class LastApplied {

    static final String ANNOTATION = "kubectl.kubernetes.io/last-applied-configuration";
    /** The only manager this applies to: kubectl's default for server-side apply. */
    static final String KUBECTL = "kubectl";
    /** Upstream's limit on the total size of an object's annotations, in bytes. */
    private static final int ANNOTATIONS_LIMIT = 256 * 1024;

    private LastApplied() {
    }

    /** The annotation of {@code obj}, or null when absent or empty. */
    static String of(ObjectNode obj) {
        JsonNode v = obj.path("metadata").path("annotations").get(ANNOTATION);
        return v != null && v.isString() && !v.stringValue().isEmpty() ? v.stringValue() : null;
    }

    /**
     * The conflicts {@code live}'s annotation allows: paths the last applied configuration sets
     * whose values the live object still has. Null when there is no usable annotation.
     */
    static FieldSet allowedConflicts(ObjectNode live, TypedFields typed) {
        String text = of(live);
        if (text == null) {
            return null;
        }
        ObjectNode lastApplied;
        try {
            JsonNode n = Json.MAPPER.readTree(text);
            if (!(n instanceof ObjectNode o)) {
                return null;
            }
            lastApplied = o;
        } catch (JacksonException e) {
            return null;
        }
        FieldSet set;
        try {
            set = typed.toFieldSet(lastApplied);
        } catch (TypedFields.InvalidObject e) {
            return null;
        }
        Comparison diff = Comparison.compare(lastApplied, live, typed.type());
        return set.difference(diff.modified()).difference(diff.added()).difference(diff.removed());
    }

    /**
     * Rewrites the annotation of {@code result} (the applied object) to {@code config} (without
     * the annotation itself) when it has one; dropped instead when it would make the
     * annotations too large.
     */
    static void update(ObjectNode result, ObjectNode config) {
        if (of(result) == null) {
            return;
        }
        ObjectNode copy = config.deepCopy();
        if (copy.path("metadata").path("annotations") instanceof ObjectNode a) {
            a.remove(ANNOTATION);
        }
        ObjectNode annotations = (ObjectNode) result.get("metadata").get("annotations");
        annotations.put(ANNOTATION, goJson(copy) + "\n");
        long size = 0;
        for (Map.Entry<String, JsonNode> e : annotations.properties()) {
            size += e.getKey().length() + (e.getValue().isString() ? e.getValue().stringValue().length() : 0);
        }
        if (size > ANNOTATIONS_LIMIT) {
            annotations.remove(ANNOTATION);
        }
    }

    /** JSON as Go encodes a generic map: members sorted by name, HTML characters escaped. */
    static String goJson(JsonNode v) {
        StringBuilder b = new StringBuilder();
        write(v, b);
        return b.toString();
    }

    private static void write(JsonNode v, StringBuilder b) {
        if (v.isObject()) {
            List<String> names = new ArrayList<>(v.propertyNames());
            Collections.sort(names);
            b.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                b.append(GoQuote.json(names.get(i))).append(':');
                write(v.get(names.get(i)), b);
            }
            b.append('}');
        } else if (v.isArray()) {
            b.append('[');
            for (int i = 0; i < v.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                write(v.get(i), b);
            }
            b.append(']');
        } else if (v.isString()) {
            b.append(GoQuote.json(v.stringValue()));
        } else {
            b.append(Json.string(v));
        }
    }
}
