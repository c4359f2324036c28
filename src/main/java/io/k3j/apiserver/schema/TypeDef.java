package io.k3j.apiserver.schema;

import io.k3j.api.Json;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The structure of one type of value inside an API object, as far as merging and field
 * ownership need it: whether an object is granular (each member tracked on its own) or atomic,
 * and whether a list is atomic, a set of scalars or a map keyed by some of its items' fields.
 * Undeclared members of an object are untyped: objects granular, lists atomic. A type also
 * knows which of its members are present in the Go zero value of the kind (non-pointer
 * structs, non-omitempty lists and timestamps), which is what an object is compared against
 * when it is created.
 *
 * <p>A type also carries upstream's strategic-merge-patch tags ({@code patchStrategy} and
 * {@code patchMergeKey} on the Go struct field), which are separate facts from the list type: a
 * list atomic for ownership may still merge by key in a patch (Job conditions), a keyed list may
 * merge on fewer fields than it is keyed by (container ports: {@code containerPort} only), and a
 * set may or may not merge. Without tags a patch merges objects and replaces lists.
 *
 * <p>Definitions are built once (see {@link BuiltinTypes}) and then only read; thread-safe
 * after construction.
 */
public final class TypeDef {

    /** How values of a type are compared and merged. */
    public enum Shape {
        /** An object whose members are tracked one by one. */
        OBJECT,
        /** A value replaced and owned as a whole (scalars, atomic structs and maps). */
        ATOMIC,
        /** A list replaced and owned as a whole. */
        LIST_ATOMIC,
        /** A list of distinct scalars, each item tracked on its own. */
        LIST_SET,
        /** A list of objects identified by key fields, each item tracked on its own. */
        LIST_MAP,
        /** A member that field tracking skips entirely (metadata.managedFields). */
        IGNORED
    }

    /** Anything not declared: objects granular with untyped members, lists atomic. */
    public static final TypeDef UNTYPED = new TypeDef(Shape.OBJECT, null, List.of(), Map.of());
    public static final TypeDef ATOMIC = new TypeDef(Shape.ATOMIC, null, List.of(), Map.of());
    public static final TypeDef LIST_ATOMIC = new TypeDef(Shape.LIST_ATOMIC, null, List.of(), Map.of());
    public static final TypeDef SET = new TypeDef(Shape.LIST_SET, ATOMIC, List.of(), Map.of());
    public static final TypeDef IGNORED = new TypeDef(Shape.IGNORED, null, List.of(), Map.of());

    private final Shape shape;
    private final TypeDef items;
    private final List<String> keys;
    private final List<String> sortedKeys;
    private final Map<String, JsonNode> keyDefaults;
    private final Map<String, TypeDef> fields = new HashMap<>();
    /** Members present in the zero value: name → true for a struct or list, false for a null scalar. */
    private final Map<String, Boolean> zero = new LinkedHashMap<>();
    private final List<String> patchStrategies;
    private final String patchMergeKey;
    private volatile ObjectNode skeleton;

    private TypeDef(Shape shape, TypeDef items, List<String> keys, Map<String, JsonNode> keyDefaults) {
        this.shape = shape;
        this.items = items;
        this.keys = keys;
        this.sortedKeys = keys.stream().sorted().toList();
        this.keyDefaults = keyDefaults;
        this.patchStrategies = List.of();
        this.patchMergeKey = null;
    }

    private TypeDef(TypeDef from, List<String> patchStrategies, String patchMergeKey) {
        this.shape = from.shape;
        this.items = from.items;
        this.keys = from.keys;
        this.sortedKeys = from.sortedKeys;
        this.keyDefaults = from.keyDefaults;
        this.fields.putAll(from.fields);
        this.zero.putAll(from.zero);
        this.patchStrategies = patchStrategies;
        this.patchMergeKey = patchMergeKey;
    }

    /** A new granular object type; declare members with {@link #field} and {@link #always}. */
    public static TypeDef object() {
        return new TypeDef(Shape.OBJECT, null, List.of(), Map.of());
    }

    /** A list of objects of type {@code item} keyed by {@code keys}. */
    public static TypeDef listMap(TypeDef item, String... keys) {
        return new TypeDef(Shape.LIST_MAP, item, List.of(keys), Map.of());
    }

    /** A keyed list of untyped objects. */
    public static TypeDef listMap(String... keys) {
        return listMap(UNTYPED, keys);
    }

    /** A keyed list whose key fields have defaults (used when an item omits them). */
    public static TypeDef listMap(TypeDef item, List<String> keys, Map<String, String> defaults) {
        Map<String, JsonNode> d = new HashMap<>();
        defaults.forEach((k, v) -> d.put(k, JsonNodeFactory.instance.stringNode(v)));
        return new TypeDef(Shape.LIST_MAP, item, List.copyOf(keys), Map.copyOf(d));
    }

    /** Declares a member (object types only). */
    public TypeDef field(String name, TypeDef type) {
        fields.put(name, type);
        return this;
    }

    /** Declares a member that the zero value always carries (a non-pointer struct, or a list serialized as null). */
    public TypeDef always(String name, TypeDef type) {
        fields.put(name, type);
        zero.put(name, true);
        return this;
    }

    /** Declares a scalar member the zero value carries as null (a metav1.Time that is not a pointer). */
    public TypeDef alwaysNull(String name) {
        zero.put(name, false);
        return this;
    }

    /**
     * A copy of this type with upstream's strategic-merge-patch tags: {@code strategy} as in the
     * {@code patchStrategy} tag ("merge", "replace", "retainKeys" or a comma-separated
     * combination) and the {@code patchMergeKey} that identifies the items of a merged list of
     * objects (null for lists of scalars and for objects).
     */
    public TypeDef patch(String strategy, String mergeKey) {
        return new TypeDef(this, List.of(strategy.split(",")), mergeKey);
    }

    /** Whether a strategic merge patch merges this list (by {@link #patchMergeKey()}, or as a set of scalars). */
    public boolean patchMerges() {
        return patchStrategies.contains("merge");
    }

    /** Whether a strategic merge patch replaces this object as a whole instead of merging it. */
    public boolean patchReplaces() {
        return patchStrategies.contains("replace");
    }

    /** Whether clients send {@code $retainKeys} for this object (or for the items of this list). */
    public boolean patchRetainsKeys() {
        return patchStrategies.contains("retainKeys");
    }

    /** The field that identifies items of a merged list of objects in a strategic merge patch, or null. */
    public String patchMergeKey() {
        return patchMergeKey;
    }

    public Shape shape() {
        return shape;
    }

    /** The type of member {@code name} of an object type; untyped when not declared. */
    public TypeDef member(String name) {
        TypeDef t = fields.get(name);
        return t == null ? UNTYPED : t;
    }

    /** The item type of a list. */
    public TypeDef items() {
        return items == null ? UNTYPED : items;
    }

    /** Key fields of a keyed list, in declaration order. */
    public List<String> keys() {
        return keys;
    }

    /** Key fields of a keyed list, sorted by name. */
    public List<String> sortedKeys() {
        return sortedKeys;
    }

    /** Default of a key field, or null. */
    public JsonNode keyDefault(String key) {
        return keyDefaults.get(key);
    }

    /** Whether values of this type are tracked member by member (granular objects and non-atomic lists). */
    public boolean isGranular() {
        return shape == Shape.OBJECT || shape == Shape.LIST_SET || shape == Shape.LIST_MAP;
    }

    public boolean isList() {
        return shape == Shape.LIST_SET || shape == Shape.LIST_MAP || shape == Shape.LIST_ATOMIC;
    }

    /**
     * The zero value of this object type as JSON: members that are always present, nested
     * structs filled in the same way, lists as null. Shared; never modify it.
     */
    public ObjectNode skeleton() {
        ObjectNode s = skeleton;
        if (s == null) {
            s = Json.object();
            for (Map.Entry<String, Boolean> e : zero.entrySet()) {
                TypeDef t = member(e.getKey());
                if (e.getValue() && t.shape == Shape.OBJECT) {
                    s.set(e.getKey(), t.skeleton());
                } else {
                    s.putNull(e.getKey());
                }
            }
            skeleton = s;
        }
        return s;
    }
}
