package io.k3j.apiserver.fieldmanager;

import io.k3j.api.ApiException;
import io.k3j.api.GoQuote;
import io.k3j.api.Json;
import io.k3j.api.Status;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The fields an apply would take from other managers without {@code force}: per manager entry,
 * the set of its fields the apply changes. Turned into upstream's 409 ({@link #toStatus}):
 * reason Conflict, one cause of type FieldManagerConflict per field, and the message
 * {@code Apply failed with 1 conflict: conflict with "m" using apps/v1: .spec.replicas} (several
 * conflicts: one block per manager, in the order of the managers' identities). Paths print as
 * upstream prints field paths ({@code .spec.containers[name="web"].image}). Thrown by the
 * updater and caught by the field manager. Immutable.
 */
final class Conflicts extends RuntimeException {

    /** One conflicting field and the entry that owns it. */
    record Conflict(ManagedEntry manager, List<PathElement> path) {
    }

    private final transient Map<ManagedEntry, FieldSet> byManager;

    Conflicts(Map<ManagedEntry, FieldSet> byManager) {
        super(null, null, false, false);
        this.byManager = byManager;
    }

    /** The conflicting paths of every manager, as one set. */
    FieldSet paths() {
        FieldSet all = new FieldSet();
        for (FieldSet s : byManager.values()) {
            all = all.union(s);
        }
        return all;
    }

    /** These conflicts without the paths in {@code allowed}; null when none are left. */
    Conflicts without(FieldSet allowed) {
        Map<ManagedEntry, FieldSet> left = new LinkedHashMap<>();
        byManager.forEach((m, s) -> {
            FieldSet rest = s.difference(allowed);
            if (!rest.isEmpty()) {
                left.put(m, rest);
            }
        });
        return left.isEmpty() ? null : new Conflicts(left);
    }

    /** Every conflict: managers in the order of their identities, each one's paths in set order. */
    List<Conflict> list() {
        List<ManagedEntry> managers = new ArrayList<>(byManager.keySet());
        managers.sort(Comparator.comparing(Conflicts::identifier));
        List<Conflict> out = new ArrayList<>();
        for (ManagedEntry m : managers) {
            for (List<PathElement> p : ordered(byManager.get(m))) {
                out.add(new Conflict(m, p));
            }
        }
        return out;
    }

    /** Upstream's 409 for these conflicts. */
    Status toStatus() {
        List<Conflict> all = list();
        List<Status.Cause> causes = new ArrayList<>();
        for (Conflict c : all) {
            causes.add(new Status.Cause("FieldManagerConflict", "conflict with " + describe(c.manager()),
                    pathString(c.path())));
        }
        String message;
        if (all.size() == 1) {
            message = "Apply failed with 1 conflict: conflict with " + describe(all.getFirst().manager()) + ": "
                    + pathString(all.getFirst().path());
        } else {
            List<String> lines = new ArrayList<>();
            ManagedEntry current = null;
            for (Conflict c : all) {
                if (c.manager() != current) {
                    current = c.manager();
                    lines.add("conflicts with " + describe(current) + ":");
                }
                lines.add("- " + pathString(c.path()));
            }
            message = "Apply failed with " + all.size() + " conflicts: " + String.join("\n", lines);
        }
        return new Status(409, "Conflict", message, new Status.Details(null, null, null, causes, null));
    }

    ApiException toException() {
        return new ApiException(toStatus());
    }

    /**
     * How upstream names a manager in conflicts: its quoted name, the subresource, and for
     * update entries the apiVersion they wrote through.
     */
    static String describe(ManagedEntry m) {
        String s = GoQuote.quote(m.manager());
        if (!m.subresource().isEmpty()) {
            s += " with subresource " + GoQuote.quote(m.subresource());
        }
        if (ManagedEntry.UPDATE.equals(m.operation())) {
            s += " using " + m.apiVersion();
        }
        return s;
    }

    /** The identifier upstream keys managers by (and sorts them by): the entry's JSON without fields and time. */
    private static String identifier(ManagedEntry m) {
        StringBuilder b = new StringBuilder("{");
        if (!m.manager().isEmpty()) {
            b.append("\"manager\":").append(GoQuote.json(m.manager())).append(',');
        }
        b.append("\"operation\":").append(GoQuote.json(m.operation()));
        if (!ManagedEntry.APPLY.equals(m.operation()) && !m.apiVersion().isEmpty()) {
            b.append(",\"apiVersion\":").append(GoQuote.json(m.apiVersion()));
        }
        if (!m.subresource().isEmpty()) {
            b.append(",\"subresource\":").append(GoQuote.json(m.subresource()));
        }
        return b.append('}').toString();
    }

    /** The paths of {@code s} in upstream's iteration order: a node's members first, then its subtrees. */
    static List<List<PathElement>> ordered(FieldSet s) {
        List<List<PathElement>> out = new ArrayList<>();
        ordered(s, new ArrayList<>(), out);
        return out;
    }

    private static void ordered(FieldSet s, List<PathElement> prefix, List<List<PathElement>> out) {
        for (int i = 0; i < s.width(); i++) {
            if (s.isMember(i)) {
                prefix.add(s.element(i));
                out.add(List.copyOf(prefix));
                prefix.removeLast();
            }
        }
        for (int i = 0; i < s.width(); i++) {
            FieldSet c = s.child(i);
            if (c != null && !c.isEmpty()) {
                prefix.add(s.element(i));
                ordered(c, prefix, out);
                prefix.removeLast();
            }
        }
    }

    /** A path as upstream prints it: {@code .spec.ports[port=80,protocol="TCP"].name}. */
    static String pathString(List<PathElement> path) {
        StringBuilder b = new StringBuilder();
        for (PathElement pe : path) {
            b.append(elementString(pe));
        }
        return b.toString();
    }

    static String elementString(PathElement pe) {
        return switch (pe.kind()) {
            case FIELD -> "." + pe.name();
            case KEY -> {
                List<String> parts = new ArrayList<>();
                for (Map.Entry<String, JsonNode> e : pe.value().properties()) {
                    parts.add(e.getKey() + "=" + valueString(e.getValue()));
                }
                yield "[" + String.join(",", parts) + "]";
            }
            case VALUE -> "[=" + valueString(pe.value()) + "]";
            case INDEX -> "[" + pe.index() + "]";
        };
    }

    private static String valueString(JsonNode v) {
        return v.isString() ? GoQuote.quote(v.stringValue()) : Json.string(v);
    }
}
