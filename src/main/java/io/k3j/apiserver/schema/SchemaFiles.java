package io.k3j.apiserver.schema;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the schema files ({@code *.types} resources): the project's own compact description of
 * every served type, from which field handling, protobuf decoding and OpenAPI are derived.
 *
 * <pre>
 * # a comment
 * package io.k8s.api.core.v1                      types below are named package.Name
 * import meta io.k8s.apimachinery.pkg.apis.meta.v1   "meta.ObjectMeta" names a type elsewhere
 * type ConfigMap "what it is"                       an object type; "atomic" may precede the text
 *   metadata meta.ObjectMeta 1 "what it means"      indented: json name, type, protobuf number,
 *   data map[string] 2 "…"                            markers, description
 * kind v1 ConfigMap ConfigMap                       apiVersion, kind, its type
 * </pre>
 *
 * Types: {@code string bool int32 int64 double bytes Time MicroTime Duration IntOrString Quantity
 * RawExtension FieldsV1}, a type name, {@code []T} (list), {@code map[T]} (string keys, T values).
 * Markers: {@code ptr} (Go pointer: an explicit zero is kept), {@code req}, {@code list=atomic|set|map},
 * {@code keys=a,b} (list map keys), {@code patch=merge|replace|retainKeys|merge,retainKeys},
 * {@code mergeKey=k}, {@code inline} (a Go embedded struct: the referenced type's fields are members of
 * this JSON object, while protobuf carries them as one nested message under this field's number; the
 * field's own name is only the protobuf field name). A protobuf number of 0 means the field is not in
 * the protobuf form.
 */
public final class SchemaFiles {

    private static final Map<String, ValueType> BUILTIN = Map.ofEntries(
            Map.entry("string", ValueType.Scalar.STRING), Map.entry("bool", ValueType.Scalar.BOOL),
            Map.entry("int32", ValueType.Scalar.INT32), Map.entry("int64", ValueType.Scalar.INT64),
            Map.entry("double", ValueType.Scalar.DOUBLE), Map.entry("bytes", ValueType.Scalar.BYTES),
            Map.entry("Time", ValueType.Special.TIME), Map.entry("MicroTime", ValueType.Special.MICRO_TIME),
            Map.entry("Duration", ValueType.Special.DURATION),
            Map.entry("IntOrString", ValueType.Special.INT_OR_STRING),
            Map.entry("Quantity", ValueType.Special.QUANTITY),
            Map.entry("RawExtension", ValueType.Special.RAW_EXTENSION),
            Map.entry("FieldsV1", ValueType.Special.FIELDS_V1));

    /** What reading produced: types by full name and kinds ("apps/v1 Deployment") to type names. */
    record Parsed(Map<String, TypeSchema> types, Map<String, String> kinds) {
    }

    private final Map<String, TypeSchema> types = new HashMap<>();
    private final Map<String, String> kinds = new HashMap<>();

    /** Reads each named resource (relative to this package) into one set of types. */
    static Parsed read(List<String> resources) {
        SchemaFiles files = new SchemaFiles();
        for (String r : resources) {
            try (InputStream in = SchemaFiles.class.getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalStateException("schema file " + r + " is missing");
                }
                files.parse(r, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read schema file " + r, e);
            }
        }
        return files.parsed();
    }

    /** What has been parsed so far. */
    Parsed parsed() {
        return new Parsed(types, kinds);
    }

    /** Parses one file's text; {@code source} names it in errors. */
    void parse(String source, String text) {
        String pkg = null;
        Map<String, String> imports = new HashMap<>();
        TypeSchema current = null;
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            try {
                Line l = Line.of(trimmed);
                boolean indented = Character.isWhitespace(line.charAt(0));
                if (indented) {
                    if (current == null) {
                        throw new IllegalArgumentException("field outside a type");
                    }
                    current.add(field(l, pkg, imports));
                    continue;
                }
                current = null;
                switch (l.word(0)) {
                    case "package" -> pkg = l.word(1);
                    case "import" -> imports.put(l.word(1), l.word(2));
                    case "type" -> {
                        String name = qualify(l.word(1), pkg, imports);
                        current = new TypeSchema(name, l.description(), l.words().contains("atomic"));
                        if (types.putIfAbsent(name, current) != null) {
                            throw new IllegalArgumentException("type " + name + " declared twice");
                        }
                    }
                    case "kind" -> kinds.put(l.word(1) + " " + l.word(2), qualify(l.word(3), pkg, imports));
                    default -> throw new IllegalArgumentException("unknown directive " + l.word(0));
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(source + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
    }

    private static FieldSchema field(Line l, String pkg, Map<String, String> imports) {
        String json = l.word(0);
        ValueType type = type(l.word(1), pkg, imports);
        int proto = Integer.parseInt(l.word(2));
        boolean ptr = false;
        boolean req = false;
        String listType = null;
        List<String> keys = List.of();
        String patch = null;
        String mergeKey = null;
        boolean inline = false;
        for (String m : l.words().subList(3, l.words().size())) {
            int eq = m.indexOf('=');
            String key = eq < 0 ? m : m.substring(0, eq);
            String value = eq < 0 ? null : m.substring(eq + 1);
            switch (key) {
                case "ptr" -> ptr = true;
                case "req" -> req = true;
                case "list" -> listType = value;
                case "keys" -> keys = List.of(value.split(","));
                case "patch" -> patch = value;
                case "mergeKey" -> mergeKey = value;
                case "inline" -> inline = true;
                default -> throw new IllegalArgumentException("unknown marker " + m);
            }
        }
        if (listType != null && !(type instanceof ValueType.ListOf)) {
            throw new IllegalArgumentException(json + ": list= on a field that is not a list");
        }
        if ("map".equals(listType) == keys.isEmpty()) {
            throw new IllegalArgumentException(json + ": keys= goes with list=map and only with it");
        }
        if (inline && !(type instanceof ValueType.Ref)) {
            throw new IllegalArgumentException(json + ": inline needs an object type");
        }
        return new FieldSchema(json, type, proto, ptr, req, listType, keys, patch, mergeKey, l.description(),
                inline);
    }

    private static ValueType type(String token, String pkg, Map<String, String> imports) {
        if (token.startsWith("[]")) {
            return new ValueType.ListOf(type(token.substring(2), pkg, imports));
        }
        if (token.startsWith("map[") && token.endsWith("]")) {
            return new ValueType.MapOf(type(token.substring(4, token.length() - 1), pkg, imports));
        }
        ValueType builtin = BUILTIN.get(token);
        return builtin != null ? builtin : new ValueType.Ref(qualify(token, pkg, imports));
    }

    private static String qualify(String name, String pkg, Map<String, String> imports) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            if (pkg == null) {
                throw new IllegalArgumentException("type " + name + " before any package line");
            }
            return pkg + "." + name;
        }
        String alias = imports.get(name.substring(0, dot));
        return alias != null ? alias + name.substring(dot) : name;
    }

    /** A line split into words, with an optional trailing quoted description. */
    private record Line(List<String> words, String description) {

        static Line of(String text) {
            String description = "";
            int quote = text.indexOf('"');
            if (quote >= 0) {
                if (!text.endsWith("\"") || text.length() - quote < 2) {
                    throw new IllegalArgumentException("unterminated description");
                }
                description = text.substring(quote + 1, text.length() - 1).replace("\\\"", "\"");
                text = text.substring(0, quote).strip();
            }
            return new Line(new ArrayList<>(List.of(text.split("\\s+"))), description);
        }

        String word(int i) {
            if (i >= words.size()) {
                throw new IllegalArgumentException("expected more words");
            }
            return words.get(i);
        }
    }
}
