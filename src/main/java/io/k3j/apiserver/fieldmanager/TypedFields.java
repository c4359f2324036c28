package io.k3j.apiserver.fieldmanager;

import io.k3j.apiserver.schema.FieldSchema;
import io.k3j.apiserver.schema.Schema;
import io.k3j.apiserver.schema.TypeDef;
import io.k3j.apiserver.schema.TypeSchema;
import io.k3j.apiserver.schema.ValueType;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The field sets of one kind's objects as upstream's typed values produce them for apply:
 * {@link #toFieldSet} (the paths an applied configuration sets) and
 * {@link #ensureNamedFieldsAreMembers} (used when pruning). Both need to tell the fields of a
 * struct from the entries of a map: a struct field holding a non-empty value is not a member
 * itself (only its leaves are), a map entry always is. The API schema tells them apart; where
 * the schema does not describe a value, objects count as structs, except inside embedded
 * untyped objects (RawExtension), where they are maps. List semantics come from the
 * {@link TypeDef}. Immutable and thread-safe.
 */
final class TypedFields {

    /** An object path or a configuration that does not fit the kind's list semantics. */
    static final class InvalidObject extends Exception {
        InvalidObject(String message) {
            super(message, null, false, false);
        }
    }

    private static final ValueType OBJECT_META = new ValueType.Ref("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    /** The root of a kind the schema does not describe: only its metadata is known. */
    private static final ValueType UNDESCRIBED_ROOT = new ValueType.Ref("");
    private static final ValueType UNTYPED = ValueType.Special.RAW_EXTENSION;

    private final TypeDef type;
    private final Schema schema;
    private final ValueType root;

    /**
     * @param type   list semantics of the kind
     * @param schema the API schema (null: none)
     * @param kind   the kind's object type in {@code schema} (null: not described)
     */
    TypedFields(TypeDef type, Schema schema, TypeSchema kind) {
        this.type = type;
        this.schema = schema;
        this.root = schema != null && kind != null ? new ValueType.Ref(kind.name()) : UNDESCRIBED_ROOT;
    }

    TypeDef type() {
        return type;
    }

    /**
     * Every leaf and list item {@code obj} sets, plus map entries, null or empty struct fields
     * and atomic values — upstream's ToFieldSet. A keyed-list item without its keys, a set item
     * that is not a scalar, or a repeated item is refused.
     */
    FieldSet toFieldSet(ObjectNode obj) throws InvalidObject {
        FieldSet out = new FieldSet();
        children(obj, type, root, out, "");
        return out;
    }

    private void children(JsonNode v, TypeDef t, ValueType p, FieldSet out, String path) throws InvalidObject {
        switch (t.shape()) {
            case OBJECT -> {
                if (!(v instanceof ObjectNode o)) {
                    return;
                }
                boolean map = isMap(p);
                for (Map.Entry<String, JsonNode> e : o.properties()) {
                    TypeDef ct = t.member(e.getKey());
                    if (ct.shape() == TypeDef.Shape.IGNORED) {
                        continue;
                    }
                    JsonNode cv = e.getValue();
                    FieldSet c = new FieldSet();
                    boolean leaf = isLeaf(cv, ct);
                    if (!leaf) {
                        children(cv, ct, member(p, e.getKey()), c, path + "." + e.getKey());
                    }
                    boolean member = leaf || map || cv.isObject() && cv.isEmpty();
                    out.attach(PathElement.field(e.getKey()), member, c);
                }
            }
            case LIST_SET, LIST_MAP -> {
                if (!(v instanceof ArrayNode a)) {
                    return;
                }
                TypeDef it = t.items();
                ValueType ip = items(p);
                Set<PathElement> seen = new HashSet<>();
                for (int i = 0; i < a.size(); i++) {
                    JsonNode item = a.get(i);
                    PathElement pe = StructuredMerge.element(item, t);
                    if (pe == null) {
                        throw new InvalidObject(path + ": element " + i + ": " + missingKey(item, t));
                    }
                    if (!seen.add(pe)) {
                        throw new InvalidObject(path + ": duplicate entries for key " + Conflicts.elementString(pe));
                    }
                    FieldSet c = new FieldSet();
                    if (!isLeaf(item, it)) {
                        children(item, it, ip, c, path + Conflicts.elementString(pe));
                    }
                    out.attach(pe, true, c);
                }
            }
            default -> {
            }
        }
    }

    private static String missingKey(JsonNode item, TypeDef t) {
        if (t.shape() == TypeDef.Shape.LIST_SET) {
            return "associative list without keys has an element that's a " + (item.isArray() ? "list" : "map")
                    + " type";
        }
        if (!item.isObject()) {
            return "associative list with keys may not have non-map elements";
        }
        for (String k : t.keys()) {
            JsonNode v = item.get(k);
            if ((v == null || v.isNull()) && t.keyDefault(k) == null) {
                return "associative list with keys has an element that omits key field \"" + k
                        + "\" (and doesn't have default value)";
            }
        }
        return "associative list with keys has an element with a non-scalar key";
    }

    private static boolean isLeaf(JsonNode v, TypeDef t) {
        return switch (t.shape()) {
            case OBJECT -> !v.isObject();
            case LIST_SET, LIST_MAP -> !v.isArray();
            default -> true;
        };
    }

    /**
     * {@code set} with every struct field that has paths below it made a member too, as
     * upstream's EnsureNamedFieldsAreMembers does (map entries and list items are left as they
     * are).
     */
    FieldSet ensureNamedFieldsAreMembers(FieldSet set) {
        return ensure(set, type, root);
    }

    private FieldSet ensure(FieldSet s, TypeDef t, ValueType p) {
        FieldSet out = new FieldSet();
        boolean struct = t.shape() == TypeDef.Shape.OBJECT && !isMap(p);
        for (int i = 0; i < s.width(); i++) {
            PathElement pe = s.element(i);
            FieldSet child = s.child(i);
            boolean member = s.isMember(i);
            FieldSet c = null;
            if (pe.kind() == PathElement.Kind.FIELD) {
                if (child != null && !child.isEmpty()) {
                    c = ensure(child, t.member(pe.name()), member(p, pe.name()));
                    member |= struct;
                }
            } else if (child != null && !child.isEmpty()) {
                c = ensure(child, t.items(), items(p));
            }
            out.attach(pe, member, c);
        }
        return out;
    }

    // ---------------------------------------------------------------- schema positions

    private boolean isMap(ValueType p) {
        return p instanceof ValueType.MapOf || p == UNTYPED;
    }

    private ValueType member(ValueType p, String name) {
        if (p == UNDESCRIBED_ROOT) {
            return name.equals("metadata") ? OBJECT_META : null;
        }
        if (p == UNTYPED) {
            return UNTYPED;
        }
        if (p instanceof ValueType.MapOf m) {
            return m.values();
        }
        if (p instanceof ValueType.Ref r && schema != null) {
            TypeSchema ts = schema.type(r.name());
            FieldSchema f = ts == null ? null : ts.field(name);
            return f == null ? null : f.type();
        }
        return null;
    }

    private static ValueType items(ValueType p) {
        if (p == UNTYPED) {
            return UNTYPED;
        }
        return p instanceof ValueType.ListOf l ? l.items() : null;
    }
}
