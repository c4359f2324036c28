package io.k3j.apiserver.openapi;

import io.k3j.api.Json;
import io.k3j.apiserver.schema.FieldSchema;
import io.k3j.apiserver.schema.Schema;
import io.k3j.apiserver.schema.TypeSchema;
import io.k3j.apiserver.schema.ValueType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The schema definitions of one OpenAPI document, converted from the API {@link Schema} under
 * upstream's definition names ({@code io.k8s.api.core.v1.ConfigMap}). Only what the document
 * refers to is produced: callers ask for kinds and references, {@link #build()} follows every
 * {@code $ref} from there. Kinds carry {@code x-kubernetes-group-version-kind}; a kind whose type
 * the schema does not describe becomes a plain object with its description and group-version-kind
 * (so paths, {@code kubectl explain} and field validation checks still find it), as does any
 * other type it lacks. List kinds ({@code ConfigMapList}) are made from their item kind.
 *
 * <p>Field types follow upstream's OpenAPI: integers and numbers with formats {@code int32},
 * {@code int64}, {@code double}; bytes as {@code string}/{@code byte}; Time and MicroTime as
 * named {@code date-time} strings; IntOrString as format {@code int-or-string} (a string in v2, one
 * of integer or string in v3); Quantity as a string (v3: string or number); RawExtension and
 * FieldsV1 as objects; Duration as a string. Markers become {@code x-kubernetes-list-type},
 * {@code x-kubernetes-list-map-keys}, {@code x-kubernetes-patch-strategy},
 * {@code x-kubernetes-patch-merge-key} and {@code x-kubernetes-map-type: atomic}. In v3 a
 * reference with its own description is wrapped in {@code allOf}, as upstream does. Not
 * thread-safe; one instance per document.
 */
final class Definitions {

    /** How a document refers to definitions and which special forms it uses. */
    enum Flavor {
        V2("#/definitions/"), V3("#/components/schemas/");

        final String prefix;

        Flavor(String prefix) {
            this.prefix = prefix;
        }
    }

    /** A group, version and kind, as in the extension. */
    record Gvk(String group, String version, String kind) {

        ObjectNode json() {
            ObjectNode o = Json.object();
            o.put("group", group);
            o.put("kind", kind);
            o.put("version", version);
            return o;
        }
    }

    static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1.";
    static final String TIME = META + "Time";
    static final String MICRO_TIME = META + "MicroTime";
    static final String FIELDS_V1 = META + "FieldsV1";
    static final String LIST_META = META + "ListMeta";
    static final String STATUS = META + "Status";
    static final String PATCH = META + "Patch";
    static final String WATCH_EVENT = META + "WatchEvent";
    static final String DELETE_OPTIONS = META + "DeleteOptions";
    static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";
    static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";

    private static final String API_VERSION_TEXT = "The versioned schema this object is written in (group/version);"
            + " the server may convert recognized versions.";
    private static final String KIND_TEXT = "The kind of object this is (CamelCase); servers may infer it from the"
            + " request's endpoint. Cannot be updated.";

    private final Schema schema;
    private final Flavor flavor;
    private final Map<String, List<Gvk>> gvks = new LinkedHashMap<>();
    private final Map<String, ObjectNode> made = new LinkedHashMap<>();
    private final Deque<String> wanted = new ArrayDeque<>();

    /** A converter for {@code schema}; null describes every kind as a plain object. */
    Definitions(Schema schema, Flavor flavor) {
        this.schema = schema;
        this.flavor = flavor;
    }

    /** The definition name of a kind, noting its group-version-kind; a plain object when undescribed. */
    String kind(String group, String version, String kind) {
        String apiVersion = group.isEmpty() ? version : group + "/" + version;
        TypeSchema t = schema == null ? null : schema.kind(apiVersion, kind);
        String name = t != null ? t.name() : packageOf(group, version) + "." + kind;
        if (t == null && !made.containsKey(name)) {
            ObjectNode o = Json.object();
            o.put("description", kind + " (" + apiVersion + "); its fields are not described by this server.");
            o.put("type", "object");
            made.put(name, o);
        }
        addGvk(name, new Gvk(group, version, kind));
        return name;
    }

    /**
     * The definition of a custom resource from its definition's {@code openAPIV3Schema}: the
     * schema as given, with apiVersion, kind and metadata filled in as upstream publishes them.
     * Named after the group reversed, as upstream names custom resource definitions.
     */
    String customKind(String group, String version, String kind, JsonNode schema) {
        List<String> parts = new ArrayList<>(List.of(group.split("\\.")));
        java.util.Collections.reverse(parts);
        String name = String.join(".", parts) + "." + version + "." + kind;
        if (!made.containsKey(name)) {
            ObjectNode o = (ObjectNode) schema.deepCopy();
            ObjectNode props = o.withObject("properties");
            props.set("apiVersion", described(scalar("string"), API_VERSION_TEXT));
            props.set("kind", described(scalar("string"), KIND_TEXT));
            props.set("metadata", described(ref(META + "ObjectMeta"), "Standard object's metadata."));
            o.put("type", "object");
            made.put(name, o);
        }
        addGvk(name, new Gvk(group, version, kind));
        return name;
    }

    /** The definition name of the list kind of {@code kind}, whose item type is {@code itemName}. */
    String listKind(String itemName, String group, String version, String kind) {
        String name = itemName + "List";
        if (!made.containsKey(name) && (schema == null || schema.type(name) == null)) {
            ObjectNode o = Json.object();
            o.put("description", "A list of " + kind + " objects.");
            ObjectNode props = o.putObject("properties");
            props.set("apiVersion", described(scalar("string"), API_VERSION_TEXT));
            ObjectNode items = props.putObject("items");
            items.put("description", "The " + kind + " objects.");
            items.set("items", ref(itemName));
            items.put("type", "array");
            props.set("kind", described(scalar("string"), KIND_TEXT));
            props.set("metadata", described(ref(LIST_META), "Standard list metadata."));
            o.putArray("required").add("items");
            o.put("type", "object");
            made.put(name, o);
        }
        addGvk(name, new Gvk(group, version, kind + "List"));
        return name;
    }

    /** Adds a group-version-kind to the definition {@code name}. */
    void addGvk(String name, Gvk gvk) {
        List<Gvk> list = gvks.computeIfAbsent(name, n -> new ArrayList<>());
        if (!list.contains(gvk)) {
            list.add(gvk);
        }
    }

    /** A reference to a definition, which {@link #build()} will include. */
    ObjectNode ref(String name) {
        wanted.add(name);
        ObjectNode o = Json.object();
        o.put("$ref", flavor.prefix + name);
        return o;
    }

    /** Every definition referred to so far, and everything those refer to, sorted by name. */
    Map<String, ObjectNode> build() {
        Map<String, ObjectNode> out = new TreeMap<>();
        while (!wanted.isEmpty()) {
            String name = wanted.poll();
            if (out.containsKey(name)) {
                continue;
            }
            ObjectNode def = definition(name);
            List<Gvk> kinds = gvks.get(name);
            if (kinds != null) {
                ArrayNode a = def.putArray("x-kubernetes-group-version-kind");
                kinds.forEach(g -> a.add(g.json()));
            }
            out.put(name, def);
        }
        return out;
    }

    private ObjectNode definition(String name) {
        ObjectNode m = made.get(name);
        if (m != null) {
            return m.deepCopy();
        }
        TypeSchema t = schema == null ? null : schema.type(name);
        if (t != null && !t.wraps()) {
            return object(t, gvks.containsKey(name));
        }
        if (t != null) {
            ObjectNode o = value(t.fields().getFirst().type());
            o.put("description", t.description());
            return o;
        }
        return special(name);
    }

    /** The apimachinery types with a form of their own, and a plain object for anything unknown. */
    private ObjectNode special(String name) {
        ObjectNode o = Json.object();
        switch (name) {
            case TIME -> {
                o.put("description", "A point in time, serialized as RFC 3339 text in UTC.");
                o.put("format", "date-time");
                o.put("type", "string");
            }
            case MICRO_TIME -> {
                o.put("description", "A point in time with microseconds, serialized as RFC 3339 text in UTC.");
                o.put("format", "date-time");
                o.put("type", "string");
            }
            case INT_OR_STRING -> {
                o.put("description", "A value that is either a 32-bit integer or a string.");
                o.put("format", "int-or-string");
                if (flavor == Flavor.V3) {
                    o.putArray("oneOf").add(scalar("integer")).add(scalar("string"));
                } else {
                    o.put("type", "string");
                }
            }
            case QUANTITY -> {
                o.put("description", "A fixed-point number with an optional suffix, such as 100m, 1Gi or 2e3.");
                if (flavor == Flavor.V3) {
                    o.putArray("oneOf").add(scalar("string")).add(scalar("number"));
                } else {
                    o.put("type", "string");
                }
            }
            case RAW_EXTENSION -> {
                o.put("description", "An embedded object, kept as its JSON.");
                o.put("type", "object");
            }
            case FIELDS_V1 -> {
                o.put("description", "A set of field paths in the FieldsV1 trie form.");
                o.put("type", "object");
            }
            case PATCH -> {
                o.put("description", "A patch document; its format is given by the request's Content-Type.");
                o.put("type", "object");
            }
            case WATCH_EVENT -> {
                o.put("description", "One event of a watch stream.");
                ObjectNode props = o.putObject("properties");
                props.set("object", described(ref(RAW_EXTENSION),
                        "The object the event is about: the new state for ADDED and MODIFIED, the last state"
                                + " for DELETED, a Status for ERROR, an object with only a resourceVersion for"
                                + " BOOKMARK."));
                props.set("type", scalar("string"));
                o.putArray("required").add("type").add("object");
                o.put("type", "object");
            }
            case STATUS -> {
                o.put("description", "The result of a request that does not return an object, or of a failed one.");
                o.put("type", "object");
            }
            default -> {
                o.put("description", name.substring(name.lastIndexOf('.') + 1) + " (not described by this server).");
                o.put("type", "object");
            }
        }
        return o;
    }

    private ObjectNode object(TypeSchema t, boolean isKind) {
        ObjectNode o = Json.object();
        o.put("description", t.description());
        Map<String, ObjectNode> props = new TreeMap<>();
        List<String> required = new ArrayList<>();
        for (FieldSchema f : t.fields()) {
            props.put(f.json(), property(f));
            if (f.required()) {
                required.add(f.json());
            }
        }
        if (isKind) {
            props.putIfAbsent("apiVersion", described(scalar("string"), API_VERSION_TEXT));
            props.putIfAbsent("kind", described(scalar("string"), KIND_TEXT));
        }
        if (!props.isEmpty()) {
            ObjectNode p = o.putObject("properties");
            props.forEach(p::set);
        }
        if (!required.isEmpty()) {
            ArrayNode r = o.putArray("required");
            required.forEach(r::add);
        }
        o.put("type", "object");
        if (t.atomic()) {
            o.put("x-kubernetes-map-type", "atomic");
        }
        return o;
    }

    /** One property: its value schema, description and markers. */
    ObjectNode property(FieldSchema f) {
        ObjectNode extra = Json.object();
        if (!f.description().isEmpty()) {
            extra.put("description", f.description());
        }
        if (f.atomic()) {
            extra.put("x-kubernetes-map-type", "atomic");
        }
        if (f.listType() != null) {
            extra.put("x-kubernetes-list-type", f.listType());
        }
        if (!f.listMapKeys().isEmpty()) {
            ArrayNode keys = extra.putArray("x-kubernetes-list-map-keys");
            f.listMapKeys().forEach(keys::add);
        }
        if (f.patchMergeKey() != null) {
            extra.put("x-kubernetes-patch-merge-key", f.patchMergeKey());
        }
        if (f.patchStrategy() != null) {
            extra.put("x-kubernetes-patch-strategy", f.patchStrategy());
        }
        ObjectNode v = value(f.type());
        if (v.has("$ref") && flavor == Flavor.V3 && !extra.isEmpty()) {
            ObjectNode wrapped = Json.object();
            wrapped.putArray("allOf").add(v);
            v = wrapped;
        }
        v.setAll(extra);
        return v;
    }

    /** The schema of a value of type {@code v}; a fresh node the caller may extend. */
    ObjectNode value(ValueType v) {
        return switch (v) {
            case ValueType.Scalar s -> switch (s) {
                case STRING -> scalar("string");
                case BOOL -> scalar("boolean");
                case INT32 -> formatted("integer", "int32");
                case INT64 -> formatted("integer", "int64");
                case DOUBLE -> formatted("number", "double");
                case BYTES -> formatted("string", "byte");
            };
            case ValueType.Special s -> switch (s) {
                case TIME -> ref(TIME);
                case MICRO_TIME -> ref(MICRO_TIME);
                case DURATION -> scalar("string");
                case INT_OR_STRING -> ref(INT_OR_STRING);
                case QUANTITY -> ref(QUANTITY);
                case RAW_EXTENSION -> ref(RAW_EXTENSION);
                case FIELDS_V1 -> ref(FIELDS_V1);
            };
            case ValueType.Ref r -> {
                TypeSchema t = schema == null ? null : schema.type(r.name());
                yield t != null && t.wraps() ? value(t.fields().getFirst().type()) : ref(r.name());
            }
            case ValueType.ListOf l -> {
                ObjectNode o = Json.object();
                o.set("items", value(l.items()));
                o.put("type", "array");
                yield o;
            }
            case ValueType.MapOf m -> {
                ObjectNode o = Json.object();
                o.set("additionalProperties", value(m.values()));
                o.put("type", "object");
                yield o;
            }
        };
    }

    /** Upstream's Go package of a group's types: io.k8s.api.apps.v1, io.k8s.api.rbac.v1, io.k8s.api.core.v1. */
    static String packageOf(String group, String version) {
        String g = group.isEmpty() ? "core" : group.split("\\.")[0];
        return "io.k8s.api." + g.toLowerCase(Locale.ROOT) + "." + version;
    }

    static ObjectNode scalar(String type) {
        ObjectNode o = Json.object();
        o.put("type", type);
        return o;
    }

    private static ObjectNode formatted(String type, String format) {
        ObjectNode o = Json.object();
        o.put("format", format);
        o.put("type", type);
        return o;
    }

    /** {@code schema} with a description; a reference is wrapped in {@code allOf} in v3. */
    private ObjectNode described(ObjectNode schema, String description) {
        ObjectNode o = schema;
        if (schema.has("$ref") && flavor == Flavor.V3) {
            o = Json.object();
            o.putArray("allOf").add(schema);
        }
        o.put("description", description);
        return o;
    }

    /** Every {@code $ref} target under {@code node} (for tests and checks). */
    static List<String> refs(JsonNode node) {
        List<String> out = new ArrayList<>();
        collect(node, out);
        return out;
    }

    private static void collect(JsonNode node, List<String> out) {
        if (node.isObject()) {
            JsonNode r = node.get("$ref");
            if (r != null && r.isString()) {
                out.add(r.asString());
            }
        }
        for (JsonNode child : node.values()) {
            collect(child, out);
        }
    }
}
