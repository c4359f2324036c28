package io.k3j.apiserver.fieldmanager;

import io.k3j.apiserver.schema.TypeDef;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Merging an applied configuration into a live object, and removing field paths from an
 * object, with the list semantics of a {@link TypeDef} — upstream's structured-merge-diff
 * {@code Merge} and {@code RemoveItems}. Granular objects merge member by member; sets merge by
 * value and keyed lists by key, items present on both sides merged, the applied side's order
 * kept for shared items and live-only items left where they were; atomic values, atomic lists
 * and scalars are replaced. A member the applied side sends as null (or an absent one) leaves a
 * non-empty granular value as it is. Stateless.
 */
final class StructuredMerge {

    private StructuredMerge() {
    }

    /**
     * The merge of {@code rhs} (applied, already checked by {@link TypedFields#toFieldSet}) into
     * {@code lhs} (live); either may be null. Returns new nodes; the inputs are not modified.
     */
    static JsonNode merge(JsonNode lhs, JsonNode rhs, TypeDef t) {
        if (rhs == null || rhs.isMissingNode()) {
            return lhs == null ? null : lhs.deepCopy();
        }
        if (lhs == null || lhs.isMissingNode()) {
            return rhs.deepCopy();
        }
        switch (t.shape()) {
            case OBJECT -> {
                if (isEmpty(lhs) && isEmpty(rhs)) {
                    return rhs.deepCopy();
                }
                if (lhs instanceof ObjectNode l && (rhs instanceof ObjectNode || rhs.isNull())) {
                    ObjectNode out = l.deepCopy();
                    if (rhs instanceof ObjectNode r) {
                        for (Map.Entry<String, JsonNode> e : r.properties()) {
                            out.set(e.getKey(), merge(l.get(e.getKey()), e.getValue(), t.member(e.getKey())));
                        }
                    }
                    return out;
                }
                return rhs.deepCopy();
            }
            case LIST_SET, LIST_MAP -> {
                if (isEmpty(lhs) && isEmpty(rhs)) {
                    return rhs.deepCopy();
                }
                if (lhs instanceof ArrayNode l && rhs.isNull()) {
                    return l.deepCopy();
                }
                if (lhs instanceof ArrayNode l && rhs instanceof ArrayNode r) {
                    JsonNode merged = mergeLists(l, r, t);
                    if (merged != null) {
                        return merged;
                    }
                }
                return rhs.deepCopy();
            }
            default -> {
                return rhs.deepCopy();
            }
        }
    }

    private static boolean isEmpty(JsonNode v) {
        return v.isNull() || v.isContainer() && v.isEmpty();
    }

    /**
     * Merges two granular lists item by item; null when the live list's items cannot be
     * identified (it is then replaced).
     */
    private static JsonNode mergeLists(ArrayNode lhs, ArrayNode rhs, TypeDef t) {
        PathElement[] lp = elements(lhs, t);
        PathElement[] rp = elements(rhs, t);
        if (lp == null || rp == null) {
            return null;
        }
        Map<PathElement, JsonNode> lItems = new HashMap<>();
        for (int i = 0; i < lp.length; i++) {
            lItems.putIfAbsent(lp[i], lhs.get(i));
        }
        Map<PathElement, JsonNode> rItems = new HashMap<>();
        for (int i = 0; i < rp.length; i++) {
            rItems.putIfAbsent(rp[i], rhs.get(i));
        }
        // the shared items, in the applied order
        List<PathElement> shared = new ArrayList<>();
        for (PathElement pe : rp) {
            if (lItems.containsKey(pe)) {
                shared.add(pe);
            }
        }
        int next = 0;
        TypeDef it = t.items();
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        Set<PathElement> emitted = new HashSet<>();
        int i = 0;
        int j = 0;
        while (i < lp.length || j < rp.length) {
            if (i < lp.length && emitted.contains(lp[i])) {
                i++;
                continue;
            }
            if (j < rp.length && emitted.contains(rp[j])) {
                j++;
                continue;
            }
            if (i < lp.length && j < rp.length && lp[i].equals(rp[j])) {
                out.add(merge(lItems.get(lp[i]), rItems.get(rp[j]), it));
                emitted.add(lp[i]);
                next = advance(shared, next, lp[i]);
                i++;
                j++;
                continue;
            }
            if (i < lp.length) {
                PathElement pe = lp[i];
                if (!rItems.containsKey(pe)) {
                    out.add(lhs.get(i).deepCopy());
                    i++;
                    continue;
                }
                if (next < shared.size() && !shared.get(next).equals(pe)) {
                    // shared, but later in the applied order: it comes when the applied list reaches it
                    i++;
                    continue;
                }
            }
            if (j < rp.length) {
                PathElement pe = rp[j];
                out.add(merge(lItems.get(pe), rItems.get(pe), it));
                emitted.add(pe);
                next = advance(shared, next, pe);
                j++;
                continue;
            }
            i++;
        }
        return out;
    }

    private static int advance(List<PathElement> shared, int next, PathElement pe) {
        return next < shared.size() && shared.get(next).equals(pe) ? next + 1 : next;
    }

    /** The element of each item; null when some item cannot be identified. */
    static PathElement[] elements(ArrayNode list, TypeDef t) {
        PathElement[] out = new PathElement[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = element(list.get(i), t);
            if (out[i] == null) {
                return null;
            }
        }
        return out;
    }

    /** The path element of one item of a set or keyed list, or null when it has none. */
    static PathElement element(JsonNode item, TypeDef t) {
        if (t.shape() == TypeDef.Shape.LIST_SET) {
            return item.isContainer() ? null : PathElement.value(item);
        }
        return Comparison.keyOf(item, t);
    }

    /**
     * Removes from {@code v} (of type {@code t}) every path that is a member of {@code set},
     * with everything below it; in place.
     */
    static void removeItems(JsonNode v, FieldSet set, TypeDef t) {
        if (set == null || set.isEmpty() || v == null) {
            return;
        }
        if (t.shape() == TypeDef.Shape.OBJECT && v instanceof ObjectNode o) {
            for (int i = 0; i < set.width(); i++) {
                PathElement pe = set.element(i);
                if (pe.kind() != PathElement.Kind.FIELD || !o.has(pe.name())) {
                    continue;
                }
                if (set.isMember(i)) {
                    o.remove(pe.name());
                } else {
                    removeItems(o.get(pe.name()), set.child(i), t.member(pe.name()));
                }
            }
        } else if ((t.shape() == TypeDef.Shape.LIST_SET || t.shape() == TypeDef.Shape.LIST_MAP)
                && v instanceof ArrayNode a) {
            for (int i = a.size() - 1; i >= 0; i--) {
                PathElement pe = element(a.get(i), t);
                if (pe == null) {
                    continue;
                }
                if (set.has(pe)) {
                    a.remove(i);
                } else {
                    removeItems(a.get(i), set.below(pe), t.items());
                }
            }
        }
    }
}
