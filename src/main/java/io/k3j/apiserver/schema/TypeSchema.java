package io.k3j.apiserver.schema;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An object type of the API schema, named as upstream's OpenAPI definitions are
 * ({@code io.k8s.api.core.v1.Container}), with its fields in declaration order. Built by
 * {@link SchemaFiles}, then only read.
 */
public final class TypeSchema {

    private final String name;
    private final String description;
    private final boolean atomic;
    private final boolean wraps;
    private final Map<String, FieldSchema> byJson = new LinkedHashMap<>();
    private final Map<String, FieldSchema> embedded = new LinkedHashMap<>();
    private final java.util.List<FieldSchema> own = new java.util.ArrayList<>();
    private final Map<Integer, FieldSchema> byProto = new HashMap<>();

    TypeSchema(String name, String description, boolean atomic, boolean wraps) {
        this.name = name;
        this.description = description;
        this.atomic = atomic;
        this.wraps = wraps;
    }

    void add(FieldSchema f) {
        if (f.inline()) {
            if (embedded.putIfAbsent(f.json(), f) != null) {
                throw new IllegalArgumentException(name + ": field " + f.json() + " declared twice");
            }
        } else if (byJson.putIfAbsent(f.json(), f) != null) {
            throw new IllegalArgumentException(name + ": field " + f.json() + " declared twice");
        } else {
            own.add(f);
        }
        if (f.proto() > 0 && byProto.putIfAbsent(f.proto(), f) != null) {
            throw new IllegalArgumentException(name + ": protobuf number " + f.proto() + " used twice");
        }
    }

    /** Adds an embedded struct's field to the JSON view (it has no protobuf number here). */
    void addEmbedded(FieldSchema f) {
        if (byJson.putIfAbsent(f.json(), f) != null) {
            throw new IllegalArgumentException(name + ": embedded field " + f.json() + " clashes with another field");
        }
    }

    /** The fields declared on this type itself, in order (not those of embedded structs). */
    public List<FieldSchema> ownFields() {
        return Collections.unmodifiableList(own);
    }

    /** The embedded structs ({@code inline} fields), by their protobuf field name. */
    public List<FieldSchema> embedded() {
        return List.copyOf(embedded.values());
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /**
     * The type wraps one value ({@code wraps}): in JSON it is that single field's value (e.g.
     * ExtraValue, a list of strings), in protobuf a message holding it.
     */
    public boolean wraps() {
        return wraps;
    }

    /** The type is replaced and owned as a whole ({@code +structType=atomic}). */
    public boolean atomic() {
        return atomic;
    }

    /** A field by JSON name, embedded structs' fields included. */
    public FieldSchema field(String json) {
        return byJson.get(json);
    }

    public FieldSchema protoField(int number) {
        return byProto.get(number);
    }

    public List<FieldSchema> fields() {
        return Collections.unmodifiableList(List.copyOf(byJson.values()));
    }
}
