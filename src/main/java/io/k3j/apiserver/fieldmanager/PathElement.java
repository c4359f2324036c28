package io.k3j.apiserver.fieldmanager;

import io.k3j.api.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One step of a field path: a member of an object ({@code f:name}), an item of a keyed list
 * ({@code k:{"name":"web"}}), an item of a set ({@code v:"x"}) or a list position
 * ({@code i:0}). Its text is the FieldsV1 form, canonical (keys sorted, compact JSON), so two
 * elements are equal exactly when their texts are. Ordered as upstream orders path elements:
 * members by name, then keys, values and indexes. Immutable.
 */
public final class PathElement implements Comparable<PathElement> {

    /** What a path element selects. */
    public enum Kind { FIELD, KEY, VALUE, INDEX }

    private static final int CACHE_LIMIT = 8192;
    private static final ConcurrentHashMap<String, PathElement> FIELDS = new ConcurrentHashMap<>();
    /** Elements read from managedFields, by their text: every write reads them all. */
    private static final ConcurrentHashMap<String, PathElement> PARSED = new ConcurrentHashMap<>();

    private final Kind kind;
    private final String text;
    private final String name;
    private final JsonNode value;
    private final int index;

    private PathElement(Kind kind, String text, String name, JsonNode value, int index) {
        this.kind = kind;
        this.text = text;
        this.name = name;
        this.value = value;
        this.index = index;
    }

    /** The member {@code name} of an object. */
    public static PathElement field(String name) {
        PathElement pe = FIELDS.get(name);
        if (pe == null) {
            pe = new PathElement(Kind.FIELD, "f:" + name, name, null, -1);
            if (name.length() <= 64 && FIELDS.size() < CACHE_LIMIT) {
                FIELDS.putIfAbsent(name, pe);
            }
        }
        return pe;
    }

    /**
     * The item of a keyed list whose key fields have the given values. {@code key} must hold
     * its members sorted by name and must not be modified afterwards.
     */
    static PathElement keyOfSorted(ObjectNode key) {
        return new PathElement(Kind.KEY, "k:" + Json.string(key), null, key, -1);
    }

    /** The item of a keyed list with the given key field values, in any order. */
    public static PathElement key(ObjectNode key) {
        return keyOfSorted(sorted(key));
    }

    /** The item of a set equal to {@code v}. */
    public static PathElement value(JsonNode v) {
        return new PathElement(Kind.VALUE, "v:" + Json.string(v), null, v, -1);
    }

    /** The list item at position {@code i}. */
    public static PathElement index(int i) {
        return new PathElement(Kind.INDEX, "i:" + i, null, null, i);
    }

    /** Parses the FieldsV1 form; malformed text raises {@link IllegalArgumentException}. */
    public static PathElement parse(String text) {
        PathElement known = PARSED.get(text);
        if (known != null) {
            return known;
        }
        PathElement parsed = parseText(text);
        if (parsed.value != null) {
            Json.freeze(parsed.value);
        }
        if (text.length() <= 256 && PARSED.size() < CACHE_LIMIT) {
            PARSED.putIfAbsent(text, parsed);
        }
        return parsed;
    }

    private static PathElement parseText(String text) {
        if (text.length() < 2 || text.charAt(1) != ':') {
            throw new IllegalArgumentException("unexpected path element " + text);
        }
        String rest = text.substring(2);
        switch (text.charAt(0)) {
            case 'f':
                return field(rest);
            case 'k': {
                JsonNode key = parseJson(rest);
                if (!(key instanceof ObjectNode o) || o.isEmpty()) {
                    throw new IllegalArgumentException("key of path element " + text + " is not a JSON object");
                }
                return key(o);
            }
            case 'v':
                return value(parseJson(rest));
            case 'i':
                try {
                    int i = Integer.parseInt(rest);
                    if (i < 0) {
                        throw new NumberFormatException();
                    }
                    return index(i);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("invalid index in path element " + text);
                }
            default:
                throw new IllegalArgumentException("unexpected path element " + text);
        }
    }

    private static JsonNode parseJson(String s) {
        try {
            JsonNode n = Json.MAPPER.readTree(s);
            if (n == null || n.isMissingNode()) {
                throw new IllegalArgumentException("empty value in path element");
            }
            return n;
        } catch (JacksonException e) {
            throw new IllegalArgumentException("invalid JSON in path element: " + e.getOriginalMessage());
        }
    }

    /** A copy of {@code o} with members sorted by name (nested objects too). */
    static ObjectNode sorted(ObjectNode o) {
        List<String> names = new ArrayList<>(o.propertyNames());
        Collections.sort(names);
        ObjectNode out = Json.object();
        for (String n : names) {
            JsonNode v = o.get(n);
            out.set(n, v instanceof ObjectNode child ? sorted(child) : v);
        }
        return out;
    }

    public Kind kind() {
        return kind;
    }

    /** The FieldsV1 form ({@code f:name}, {@code k:{…}}, {@code v:…}, {@code i:n}). */
    public String text() {
        return text;
    }

    /** The member name of a {@link Kind#FIELD} element. */
    public String name() {
        return name;
    }

    /** The key fields (sorted) of a {@link Kind#KEY} element, or the item of a {@link Kind#VALUE} one. */
    public JsonNode value() {
        return value;
    }

    public int index() {
        return index;
    }

    @Override
    public int compareTo(PathElement o) {
        if (this == o) {
            return 0;
        }
        if (kind != o.kind) {
            return kind.compareTo(o.kind);
        }
        return switch (kind) {
            case FIELD -> name.compareTo(o.name);
            case KEY -> text.equals(o.text) ? 0 : tieBreak(ValueOrder.INSTANCE.compareMaps(value, o.value), o);
            case VALUE -> text.equals(o.text) ? 0 : tieBreak(ValueOrder.INSTANCE.compare(value, o.value), o);
            case INDEX -> Integer.compare(index, o.index);
        };
    }

    /** Distinct texts never compare equal, so sorted sets stay consistent with equals. */
    private int tieBreak(int c, PathElement o) {
        return c != 0 ? c : text.compareTo(o.text);
    }

    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof PathElement p && kind == p.kind && text.equals(p.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return text;
    }
}
