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
    private final Map<String, FieldSchema> byJson = new LinkedHashMap<>();
    private final Map<Integer, FieldSchema> byProto = new HashMap<>();

    TypeSchema(String name, String description, boolean atomic) {
        this.name = name;
        this.description = description;
        this.atomic = atomic;
    }

    void add(FieldSchema f) {
        if (byJson.putIfAbsent(f.json(), f) != null) {
            throw new IllegalArgumentException(name + ": field " + f.json() + " declared twice");
        }
        if (f.proto() > 0 && byProto.putIfAbsent(f.proto(), f) != null) {
            throw new IllegalArgumentException(name + ": protobuf number " + f.proto() + " used twice");
        }
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    /** The type is replaced and owned as a whole ({@code +structType=atomic}). */
    public boolean atomic() {
        return atomic;
    }

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
