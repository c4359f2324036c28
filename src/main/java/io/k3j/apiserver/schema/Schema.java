package io.k3j.apiserver.schema;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The API schema of the built-in kinds, read once from the project's schema files: object
 * types by name and the type of each kind. Immutable and thread-safe.
 */
public final class Schema {

    /** The schema files, read in this order. */
    static final List<String> FILES = List.of("meta-v1.types", "core-v1-pod.types", "core-v1.types", "apps-v1.types",
            "batch-v1.types", "policy-v1.types", "scheduling-v1.types", "autoscaling-v2.types", "events-v1.types",
            "certificates-v1.types", "rbac-v1.types", "networking-v1.types", "authorization-v1.types",
            "authentication-v1.types", "coordination-v1.types", "discovery-v1.types", "storage-v1.types",
            "node-v1.types");

    /** Read on first use, so that schemas parsed from text do not need the built-in files. */
    private static final class Builtin {
        static final Schema INSTANCE = load(FILES);
    }

    private final Map<String, TypeSchema> types;
    private final Map<String, String> kinds;

    private Schema(Map<String, TypeSchema> types, Map<String, String> kinds) {
        this.types = Map.copyOf(types);
        this.kinds = Map.copyOf(kinds);
        for (TypeSchema t : types.values()) {
            embed(t, t, new java.util.HashSet<>());
        }
    }

    /** Adds the fields of {@code from}'s embedded structs (recursively) to {@code into}'s JSON view. */
    private void embed(TypeSchema into, TypeSchema from, Set<String> seen) {
        for (FieldSchema e : from.embedded()) {
            TypeSchema inner = types.get(((ValueType.Ref) e.type()).name());
            if (inner == null || !seen.add(inner.name())) {
                continue;
            }
            for (FieldSchema f : inner.ownFields()) {
                into.addEmbedded(f);
            }
            embed(into, inner, seen);
        }
    }

    /** The schema of the built-in kinds. */
    public static Schema builtin() {
        return Builtin.INSTANCE;
    }

    static Schema load(List<String> files) {
        return load(files, Set.of());
    }

    /** Reads the files; references to the {@code assumed} type names need not resolve. */
    static Schema load(List<String> files, Set<String> assumed) {
        SchemaFiles.Parsed p = SchemaFiles.read(files);
        Schema s = new Schema(p.types(), p.kinds());
        s.check(assumed);
        return s;
    }

    /** A schema read from text in the schema file format (for types outside the built-in files). */
    public static Schema parse(String source, String text) {
        SchemaFiles files = new SchemaFiles();
        files.parse(source, text);
        SchemaFiles.Parsed p = files.parsed();
        Schema s = new Schema(p.types(), p.kinds());
        s.check(Set.of());
        return s;
    }

    /** The named object type, or null. */
    public TypeSchema type(String name) {
        return types.get(name);
    }

    /** The type of a kind ({@code apiVersion} "v1" or "apps/v1"), or null when it is not described. */
    public TypeSchema kind(String apiVersion, String kind) {
        String name = kinds.get(apiVersion + " " + kind);
        return name == null ? null : types.get(name);
    }

    private static List<FieldSchema> concat(List<FieldSchema> a, List<FieldSchema> b) {
        List<FieldSchema> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Every type reference resolves. */
    private void check(Set<String> assumed) {
        for (TypeSchema t : types.values()) {
            for (FieldSchema f : concat(t.fields(), t.embedded())) {
                ValueType v = f.type();
                while (v instanceof ValueType.ListOf || v instanceof ValueType.MapOf) {
                    v = v instanceof ValueType.ListOf l ? l.items() : ((ValueType.MapOf) v).values();
                }
                if (v instanceof ValueType.Ref r && !types.containsKey(r.name()) && !assumed.contains(r.name())) {
                    throw new IllegalStateException(t.name() + "." + f.json() + ": unknown type " + r.name());
                }
            }
        }
        kinds.forEach((k, name) -> {
            if (!types.containsKey(name)) {
                throw new IllegalStateException("kind " + k + ": unknown type " + name);
            }
        });
    }
}
