package io.k3j.apiserver.protobuf;

import io.k3j.api.Json;
import io.k3j.apiserver.schema.FieldSchema;
import io.k3j.apiserver.schema.Schema;
import io.k3j.apiserver.schema.TypeSchema;
import io.k3j.apiserver.schema.ValueType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Decodes Kubernetes protobuf bodies ({@code application/vnd.kubernetes.protobuf}) into the
 * JSON objects the rest of the server works with: the {@code k8s\0} envelope (a
 * runtime.Unknown carrying apiVersion, kind and the encoded object), then the object by its
 * type's schema. Zero values of non-pointer scalars are left out, as Go's JSON encoding omits
 * them; a field number the schema does not know is an error rather than silently lost data.
 */
public final class ProtobufDecoder {

    private static final byte[] MAGIC = {'k', '8', 's', 0};
    private static final JsonNodeFactory NODES = io.k3j.api.CompactNodeFactory.INSTANCE;
    private static final DateTimeFormatter MICROS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Schema schema;

    public ProtobufDecoder(Schema schema) {
        this.schema = schema;
    }

    /**
     * Decodes an enveloped object. Its type is the one its envelope names, else {@code fallback}
     * (for bodies such as DeleteOptions whose envelope names the client's group version).
     *
     * @throws ProtobufException    for a malformed body
     * @throws UnsupportedException when neither names a type the schema describes
     */
    public ObjectNode decode(byte[] body, TypeSchema fallback) {
        if (body.length < MAGIC.length || body[0] != MAGIC[0] || body[1] != MAGIC[1] || body[2] != MAGIC[2]
                || body[3] != MAGIC[3]) {
            throw new ProtobufException("missing the k8s protobuf envelope prefix");
        }
        WireReader r = new WireReader(body, MAGIC.length, body.length);
        String apiVersion = "";
        String kind = "";
        byte[] raw = new byte[0];
        while (!r.atEnd()) {
            int tag = (int) r.varint();
            switch (tag) {
                case (1 << 3) | WireReader.LEN -> {
                    WireReader meta = r.nested();
                    while (!meta.atEnd()) {
                        int t = (int) meta.varint();
                        switch (t) {
                            case (1 << 3) | WireReader.LEN -> apiVersion = meta.string();
                            case (2 << 3) | WireReader.LEN -> kind = meta.string();
                            default -> meta.skip(t & 7);
                        }
                    }
                }
                case (2 << 3) | WireReader.LEN -> raw = r.bytes();
                case (3 << 3) | WireReader.LEN, (4 << 3) | WireReader.LEN -> {
                    String s = r.string();
                    if (!s.isEmpty() && tag == ((3 << 3) | WireReader.LEN)) {
                        throw new ProtobufException("content encoding " + s + " is not supported");
                    }
                }
                default -> r.skip(tag & 7);
            }
        }
        TypeSchema type = apiVersion.isEmpty() ? null : schema.kind(apiVersion, kind);
        if (type == null) {
            type = fallback;
        }
        if (type == null) {
            throw new UnsupportedException(kind.isEmpty() ? "the protobuf body names no kind"
                    : "no protobuf decoding for " + apiVersion + " " + kind);
        }
        ObjectNode out = Json.object();
        if (!apiVersion.isEmpty()) {
            out.put("apiVersion", apiVersion);
        }
        if (!kind.isEmpty()) {
            out.put("kind", kind);
        }
        out.setAll(message(new WireReader(raw), type));
        return out;
    }

    private ObjectNode message(WireReader r, TypeSchema type) {
        ObjectNode out = Json.object();
        while (!r.atEnd()) {
            int tag = (int) r.varint();
            int number = tag >>> 3;
            int wire = tag & 7;
            FieldSchema f = type.protoField(number);
            if (f == null) {
                throw new ProtobufException("field number " + number + " is not part of " + type.name());
            }
            if (f.inline()) {
                expect(wire, WireReader.LEN, f);
                out.setAll(message(r.nested(), resolve((ValueType.Ref) f.type())));
                continue;
            }
            switch (f.type()) {
                case ValueType.ListOf l -> listItem(r, wire, l.items(), out.withArray(f.json()), f);
                case ValueType.MapOf m -> mapEntry(r, wire, m.values(), out.withObject(f.json()), f);
                default -> {
                    JsonNode v = value(r, wire, f.type(), f);
                    if (v == null) {
                        out.remove(f.json());
                    } else {
                        out.set(f.json(), v);
                    }
                }
            }
        }
        omitZeros(out, type);
        return out;
    }

    private void listItem(WireReader r, int wire, ValueType items, ArrayNode into, FieldSchema f) {
        if (wire == WireReader.LEN && items instanceof ValueType.Scalar s && s != ValueType.Scalar.STRING
                && s != ValueType.Scalar.BYTES) {
            WireReader packed = r.nested();
            int itemWire = s == ValueType.Scalar.DOUBLE ? WireReader.FIXED64 : WireReader.VARINT;
            while (!packed.atEnd()) {
                into.add(value(packed, itemWire, items, f));
            }
            return;
        }
        JsonNode v = value(r, wire, items, f);
        into.add(v == null ? NODES.nullNode() : v);
    }

    private void mapEntry(WireReader r, int wire, ValueType values, ObjectNode into, FieldSchema f) {
        expect(wire, WireReader.LEN, f);
        WireReader entry = r.nested();
        String key = "";
        JsonNode value = null;
        while (!entry.atEnd()) {
            int tag = (int) entry.varint();
            switch (tag >>> 3) {
                case 1 -> {
                    expect(tag & 7, WireReader.LEN, f);
                    key = entry.string();
                }
                case 2 -> value = value(entry, tag & 7, values, f);
                default -> entry.skip(tag & 7);
            }
        }
        into.set(key, value != null ? value : zero(values));
    }

    /** One value; null for a zero timestamp (which JSON carries as absent). */
    private JsonNode value(WireReader r, int wire, ValueType type, FieldSchema f) {
        return switch (type) {
            case ValueType.Scalar s -> switch (s) {
                case STRING -> {
                    expect(wire, WireReader.LEN, f);
                    yield NODES.stringNode(r.string());
                }
                case BYTES -> {
                    expect(wire, WireReader.LEN, f);
                    yield NODES.stringNode(Base64.getEncoder().encodeToString(r.bytes()));
                }
                case BOOL -> {
                    expect(wire, WireReader.VARINT, f);
                    yield NODES.booleanNode(r.varint() != 0);
                }
                case INT32 -> {
                    expect(wire, WireReader.VARINT, f);
                    yield NODES.numberNode((int) r.varint());
                }
                case INT64 -> {
                    expect(wire, WireReader.VARINT, f);
                    yield NODES.numberNode(r.varint());
                }
                case DOUBLE -> {
                    expect(wire, WireReader.FIXED64, f);
                    yield NODES.numberNode(Double.longBitsToDouble(r.fixed64()));
                }
            };
            case ValueType.Special sp -> {
                expect(wire, WireReader.LEN, f);
                yield special(r.nested(), sp);
            }
            case ValueType.Ref ref -> {
                expect(wire, WireReader.LEN, f);
                TypeSchema t = resolve(ref);
                ObjectNode o = message(r.nested(), t);
                if (!t.wraps()) {
                    yield o;
                }
                FieldSchema only = t.ownFields().getFirst();
                JsonNode v = o.get(only.json());
                yield v != null ? v : only.type() instanceof ValueType.ListOf ? NODES.arrayNode() : zero(only.type());
            }
            case ValueType.ListOf l -> throw new ProtobufException(f.json() + ": nested lists are not supported");
            case ValueType.MapOf m -> throw new ProtobufException(f.json() + ": maps of maps are not supported");
        };
    }

    private TypeSchema resolve(ValueType.Ref ref) {
        TypeSchema t = schema.type(ref.name());
        if (t == null) {
            throw new UnsupportedException("no protobuf decoding for " + ref.name());
        }
        return t;
    }

    private static JsonNode special(WireReader r, ValueType.Special type) {
        long[] ints = new long[4];
        String text = null;
        byte[] raw = null;
        while (!r.atEnd()) {
            int tag = (int) r.varint();
            int number = tag >>> 3;
            int wire = tag & 7;
            if (wire == WireReader.VARINT && number < ints.length) {
                ints[number] = r.varint();
            } else if (wire == WireReader.LEN && type == ValueType.Special.INT_OR_STRING && number == 3
                    || wire == WireReader.LEN && type == ValueType.Special.QUANTITY && number == 1) {
                text = r.string();
            } else if (wire == WireReader.LEN && number == 1) {
                raw = r.bytes();
            } else {
                r.skip(wire);
            }
        }
        return switch (type) {
            case TIME -> ints[1] == 0 && ints[2] == 0 ? null
                    : NODES.stringNode(Instant.ofEpochSecond(ints[1]).toString());
            case MICRO_TIME -> ints[1] == 0 && ints[2] == 0 ? null
                    : NODES.stringNode(MICROS.format(Instant.ofEpochSecond(ints[1], ints[2])));
            case DURATION -> NODES.stringNode(GoDuration.format(ints[1]));
            case INT_OR_STRING -> ints[1] == 1 ? NODES.stringNode(text == null ? "" : text)
                    : NODES.numberNode((int) ints[2]);
            case QUANTITY -> NODES.stringNode(text == null ? "0" : text);
            case RAW_EXTENSION, FIELDS_V1 -> {
                if (raw == null || raw.length == 0) {
                    yield null;
                }
                try {
                    yield Json.parse(raw);
                } catch (RuntimeException e) {
                    throw new ProtobufException("an embedded object is not JSON");
                }
            }
        };
    }

    /**
     * Drops zero scalars of optional non-pointer fields, which Go's JSON encoding leaves out
     * ({@code omitempty}); required ones are kept, as Go writes them.
     */
    private static void omitZeros(ObjectNode out, TypeSchema type) {
        for (Iterator<Map.Entry<String, JsonNode>> it = out.properties().iterator(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldSchema f = type.field(e.getKey());
            if (f == null || f.pointer() || f.required() || !(f.type() instanceof ValueType.Scalar)) {
                continue;
            }
            JsonNode v = e.getValue();
            boolean zero = v.isString() ? v.asString().isEmpty() : v.isBoolean() ? !v.asBoolean()
                    : v.isNumber() && v.asDouble() == 0;
            if (zero) {
                it.remove();
            }
        }
    }

    private static JsonNode zero(ValueType type) {
        return switch (type) {
            case ValueType.Scalar s -> switch (s) {
                case STRING, BYTES -> NODES.stringNode("");
                case BOOL -> NODES.booleanNode(false);
                case INT32, INT64 -> NODES.numberNode(0);
                case DOUBLE -> NODES.numberNode(0.0);
            };
            case ValueType.Special.QUANTITY -> NODES.stringNode("0");
            case ValueType.Ref r -> Json.object();
            default -> NODES.nullNode();
        };
    }

    private static void expect(int wire, int expected, FieldSchema f) {
        if (wire != expected) {
            throw new ProtobufException("field " + f.json() + " has wire type " + wire + ", expected " + expected);
        }
    }

    /** A well-formed body of a type this server cannot decode from protobuf. */
    public static final class UnsupportedException extends RuntimeException {
        public UnsupportedException(String message) {
            super(message);
        }
    }
}
