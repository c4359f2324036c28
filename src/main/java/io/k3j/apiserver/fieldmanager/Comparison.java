package io.k3j.apiserver.fieldmanager;

import io.k3j.api.Json;
import io.k3j.apiserver.schema.TypeDef;
import java.util.HashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What changed between two versions of an object, as field sets: paths added, paths whose
 * leaf value changed, and paths removed. A node of a granular object or list is added or
 * removed together with everything below it; a node present on both sides is never marked
 * itself, only its changed descendants. Leaves are scalars, atomic values, and containers that
 * are empty (or null) on both sides. Immutable.
 */
public record Comparison(FieldSet added, FieldSet modified, FieldSet removed) {

    private static final int ABSENT = 0;
    private static final int OBJECT = 1;
    private static final int LIST = 2;
    private static final int LEAF = 3;

    /** Compares {@code lhs} (old, may be null) with {@code rhs} (new), both of type {@code type}. */
    public static Comparison compare(JsonNode lhs, JsonNode rhs, TypeDef type) {
        FieldSet a = new FieldSet();
        FieldSet m = new FieldSet();
        FieldSet r = new FieldSet();
        objectMembers(lhs, rhs, type, a, m, r);
        return new Comparison(a, m, r);
    }

    /** Added and modified paths: what a writer of this change takes ownership of. */
    public FieldSet changed() {
        return added.union(modified);
    }

    public boolean isSame() {
        return added.isEmpty() && modified.isEmpty() && removed.isEmpty();
    }

    /** This comparison without the paths of {@code ignored} and anything below them. */
    public Comparison without(FieldSet ignored) {
        if (ignored == null || ignored.isEmpty()) {
            return this;
        }
        return new Comparison(added.recursiveDifference(ignored), modified.recursiveDifference(ignored),
                removed.recursiveDifference(ignored));
    }

    /** The paths of every node of {@code obj} (an object of type {@code type}). */
    public static FieldSet fieldsOf(JsonNode obj, TypeDef type) {
        FieldSet s = new FieldSet();
        all(obj, OBJECT, type, s);
        return s;
    }

    private static int kindOf(JsonNode v, TypeDef t) {
        if (v == null || v.isMissingNode()) {
            return ABSENT;
        }
        return switch (t.shape()) {
            case OBJECT -> v.isObject() || v.isNull() ? OBJECT : LEAF;
            case LIST_SET, LIST_MAP -> v.isArray() || v.isNull() ? LIST : LEAF;
            default -> LEAF;
        };
    }

    private static boolean isEmpty(JsonNode v) {
        return v.isNull() || v.isContainer() && v.isEmpty();
    }

    private static void objectMembers(JsonNode l, JsonNode r, TypeDef t, FieldSet a, FieldSet m, FieldSet rm) {
        ObjectNode lo = l instanceof ObjectNode o ? o : null;
        ObjectNode ro = r instanceof ObjectNode o ? o : null;
        if (lo != null) {
            for (Map.Entry<String, JsonNode> e : lo.properties()) {
                TypeDef ct = t.member(e.getKey());
                if (ct.shape() != TypeDef.Shape.IGNORED) {
                    node(PathElement.field(e.getKey()), e.getValue(), ro == null ? null : ro.get(e.getKey()), ct,
                            a, m, rm);
                }
            }
        }
        if (ro != null) {
            for (Map.Entry<String, JsonNode> e : ro.properties()) {
                if (lo != null && lo.has(e.getKey())) {
                    continue;
                }
                TypeDef ct = t.member(e.getKey());
                if (ct.shape() != TypeDef.Shape.IGNORED) {
                    node(PathElement.field(e.getKey()), null, e.getValue(), ct, a, m, rm);
                }
            }
        }
    }

    private static void node(PathElement pe, JsonNode l, JsonNode r, TypeDef t, FieldSet a, FieldSet m, FieldSet rm) {
        int kl = kindOf(l, t);
        int kr = kindOf(r, t);
        if (kl == ABSENT) {
            if (kr != ABSENT) {
                mark(pe, r, kr, t, a);
            }
            return;
        }
        if (kr == ABSENT) {
            mark(pe, l, kl, t, rm);
            return;
        }
        if (kl == kr && kl != LEAF && !(isEmpty(l) && isEmpty(r))) {
            FieldSet ca = new FieldSet();
            FieldSet cm = new FieldSet();
            FieldSet cr = new FieldSet();
            boolean granular = true;
            if (kl == OBJECT) {
                objectMembers(l, r, t, ca, cm, cr);
            } else {
                granular = listItems(l, r, t, ca, cm, cr);
            }
            if (granular) {
                a.attach(pe, false, ca);
                m.attach(pe, false, cm);
                rm.attach(pe, false, cr);
                return;
            }
        }
        if (!Json.sameJson(l, r)) {
            m.attach(pe, true, null);
            if (kl != kr) {
                // a container replaced by something else: its content goes, the new content comes
                if (kl != LEAF && !isEmpty(l)) {
                    rm.attach(pe, false, descendants(l, kl, t));
                }
                if (kr != LEAF && !isEmpty(r)) {
                    a.attach(pe, false, descendants(r, kr, t));
                }
            }
        }
    }

    /** Marks {@code pe} and, for a non-empty granular container, everything below it. */
    private static void mark(PathElement pe, JsonNode v, int kind, TypeDef t, FieldSet s) {
        s.attach(pe, true, kind != LEAF && !isEmpty(v) ? descendants(v, kind, t) : null);
    }

    private static FieldSet descendants(JsonNode v, int kind, TypeDef t) {
        FieldSet s = new FieldSet();
        return all(v, kind, t, s) ? s : null;
    }

    /** Adds every node below container {@code v}; false when list items cannot be identified. */
    private static boolean all(JsonNode v, int kind, TypeDef t, FieldSet s) {
        if (kind == OBJECT) {
            if (v instanceof ObjectNode o) {
                for (Map.Entry<String, JsonNode> e : o.properties()) {
                    TypeDef ct = t.member(e.getKey());
                    if (ct.shape() != TypeDef.Shape.IGNORED) {
                        JsonNode cv = e.getValue();
                        mark(PathElement.field(e.getKey()), cv, kindOf(cv, ct), ct, s);
                    }
                }
            }
            return true;
        }
        PathElement[] pes = itemElements(v, t);
        if (pes == null) {
            return false;
        }
        TypeDef it = t.items();
        for (int i = 0; i < pes.length; i++) {
            if (pes[i] != null) {
                JsonNode item = v.get(i);
                mark(pes[i], item, kindOf(item, it), it, s);
            }
        }
        return true;
    }

    private static boolean listItems(JsonNode l, JsonNode r, TypeDef t, FieldSet a, FieldSet m, FieldSet rm) {
        PathElement[] lp = itemElements(l, t);
        PathElement[] rp = lp == null ? null : itemElements(r, t);
        if (rp == null) {
            return false;
        }
        TypeDef it = t.items();
        Map<PathElement, Integer> rIndex = rp.length > 8 ? index(rp) : null;
        boolean[] matched = new boolean[rp.length];
        for (int i = 0; i < lp.length; i++) {
            if (lp[i] == null) {
                continue;
            }
            int j = rIndex != null ? rIndex.getOrDefault(lp[i], -1) : indexOf(rp, lp[i]);
            if (j >= 0) {
                matched[j] = true;
            }
            node(lp[i], l.get(i), j >= 0 ? r.get(j) : null, it, a, m, rm);
        }
        for (int j = 0; j < rp.length; j++) {
            if (rp[j] != null && !matched[j]) {
                node(rp[j], null, r.get(j), it, a, m, rm);
            }
        }
        return true;
    }

    private static Map<PathElement, Integer> index(PathElement[] pes) {
        Map<PathElement, Integer> m = new HashMap<>(pes.length * 2);
        for (int i = 0; i < pes.length; i++) {
            if (pes[i] != null) {
                m.put(pes[i], i);
            }
        }
        return m;
    }

    private static int indexOf(PathElement[] pes, PathElement pe) {
        for (int i = 0; i < pes.length; i++) {
            if (pe.equals(pes[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The path element of each item of a set or keyed list (null for a repeated item, which
     * only its first occurrence stands for); null when some item cannot be identified (not an
     * object, missing a key without default, a container in a set), and the list then counts
     * as one leaf.
     */
    private static PathElement[] itemElements(JsonNode list, TypeDef t) {
        int n = list.isArray() ? list.size() : 0;
        PathElement[] out = new PathElement[n];
        java.util.Set<PathElement> seen = n > 16 ? new java.util.HashSet<>(n * 2) : null;
        for (int i = 0; i < n; i++) {
            JsonNode item = list.get(i);
            PathElement pe;
            if (t.shape() == TypeDef.Shape.LIST_SET) {
                if (item.isContainer()) {
                    return null;
                }
                pe = PathElement.value(item);
            } else {
                pe = keyOf(item, t);
                if (pe == null) {
                    return null;
                }
            }
            if (seen != null) {
                if (!seen.add(pe)) {
                    pe = null;
                }
            } else {
                for (int k = 0; k < i; k++) {
                    if (pe.equals(out[k])) {
                        pe = null;
                        break;
                    }
                }
            }
            out[i] = pe;
        }
        return out;
    }

    /** The key element of a keyed-list item, or null when the item cannot be identified. */
    static PathElement keyOf(JsonNode item, TypeDef t) {
        if (!(item instanceof ObjectNode o)) {
            return null;
        }
        ObjectNode key = Json.object();
        for (String k : t.sortedKeys()) {
            JsonNode v = o.get(k);
            if (v == null || v.isNull()) {
                v = t.keyDefault(k);
                if (v == null) {
                    return null;
                }
            }
            if (v.isContainer()) {
                return null;
            }
            key.set(k, v);
        }
        return PathElement.keyOfSorted(key);
    }
}
