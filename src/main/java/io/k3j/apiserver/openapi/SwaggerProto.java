package io.k3j.apiserver.openapi;

import io.k3j.api.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The protobuf form of the Swagger 2.0 document ({@code openapi.v2.Document} of gnostic's
 * OpenAPIv2.proto), which client-go asks {@code /openapi/v2} for and kubectl needs for
 * client-side validation (for example of {@code kind: List} files) and
 * {@code kubectl explain --output=plaintext-openapiv2}. Encodes the parts of the document
 * {@link OpenApiV2} writes: info, paths (operations, query/path/body parameters, responses),
 * definitions (refs, types, formats, descriptions, required, properties, items,
 * additionalProperties, allOf) and vendor extensions, whose values travel as YAML (JSON text is
 * valid YAML). Stateless.
 */
final class SwaggerProto {

    private SwaggerProto() {
    }

    static byte[] encode(JsonNode doc) {
        Msg m = new Msg();
        m.string(1, doc.path("swagger").asString(""));
        Msg info = new Msg();
        info.string(1, doc.path("info").path("title").asString(""));
        info.string(2, doc.path("info").path("version").asString(""));
        m.message(2, info);
        Msg paths = new Msg();
        for (Map.Entry<String, JsonNode> p : doc.path("paths").properties()) {
            paths.message(2, named(p.getKey(), pathItem(p.getValue())));
        }
        m.message(8, paths);
        Msg defs = new Msg();
        for (Map.Entry<String, JsonNode> d : doc.path("definitions").properties()) {
            defs.message(1, named(d.getKey(), schema(d.getValue())));
        }
        m.message(9, defs);
        return m.bytes();
    }

    private static Msg pathItem(JsonNode item) {
        Msg m = new Msg();
        String[] ops = {"get", "put", "post", "delete", "options", "head", "patch"};
        for (int i = 0; i < ops.length; i++) {
            if (item.has(ops[i])) {
                m.message(i + 2, operation(item.get(ops[i])));
            }
        }
        for (JsonNode p : item.path("parameters")) {
            m.message(9, parametersItem(p));
        }
        extensions(m, 10, item);
        return m;
    }

    private static Msg operation(JsonNode op) {
        Msg m = new Msg();
        strings(m, 1, op.path("tags"));
        m.string(3, op.path("description").asString(""));
        m.string(5, op.path("operationId").asString(""));
        strings(m, 6, op.path("produces"));
        strings(m, 7, op.path("consumes"));
        for (JsonNode p : op.path("parameters")) {
            m.message(8, parametersItem(p));
        }
        Msg responses = new Msg();
        for (Map.Entry<String, JsonNode> r : op.path("responses").properties()) {
            Msg response = new Msg();
            response.string(1, r.getValue().path("description").asString(""));
            if (r.getValue().has("schema")) {
                response.message(2, new Msg().message(1, schema(r.getValue().get("schema"))));
            }
            responses.message(1, named(r.getKey(), new Msg().message(1, response)));
        }
        m.message(9, responses);
        strings(m, 10, op.path("schemes"));
        extensions(m, 13, op);
        return m;
    }

    /** ParametersItem{parameter: Parameter{body_parameter | non_body_parameter{query | path}}}. */
    private static Msg parametersItem(JsonNode p) {
        String in = p.path("in").asString("");
        Msg parameter = new Msg();
        if (in.equals("body")) {
            Msg b = new Msg();
            b.string(1, p.path("description").asString(""));
            b.string(2, p.path("name").asString(""));
            b.string(3, in);
            b.bool(4, p.path("required").asBoolean(false));
            b.message(5, schema(p.path("schema")));
            parameter.message(1, b);
        } else {
            boolean path = in.equals("path");
            Msg s = new Msg();
            s.bool(1, p.path("required").asBoolean(false));
            s.string(2, in);
            s.string(3, p.path("description").asString(""));
            s.string(4, p.path("name").asString(""));
            s.string(path ? 5 : 6, p.path("type").asString(""));
            s.bool(path ? 19 : 20, p.path("uniqueItems").asBoolean(false));
            parameter.message(2, new Msg().message(path ? 4 : 3, s));
        }
        return new Msg().message(1, parameter);
    }

    private static Msg schema(JsonNode s) {
        Msg m = new Msg();
        m.string(1, s.path("$ref").asString(""));
        m.string(2, s.path("format").asString(""));
        m.string(4, s.path("description").asString(""));
        strings(m, 19, s.path("required"));
        JsonNode ap = s.path("additionalProperties");
        if (ap.isObject()) {
            m.message(21, new Msg().message(1, schema(ap)));
        } else if (ap.isBoolean()) {
            m.message(21, new Msg().bool(2, ap.asBoolean()));
        }
        if (s.has("type")) {
            m.message(22, new Msg().string(1, s.get("type").asString()));
        }
        if (s.has("items")) {
            m.message(23, new Msg().message(1, schema(s.get("items"))));
        }
        for (JsonNode a : s.path("allOf")) {
            m.message(24, schema(a));
        }
        if (s.has("properties")) {
            Msg props = new Msg();
            for (Map.Entry<String, JsonNode> p : s.get("properties").properties()) {
                props.message(1, named(p.getKey(), schema(p.getValue())));
            }
            m.message(25, props);
        }
        extensions(m, 31, s);
        return m;
    }

    /** The x- members of {@code node} as NamedAny{name, Any{yaml}}. */
    private static void extensions(Msg m, int field, JsonNode node) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().startsWith("x-")) {
                Msg any = new Msg().string(2, Json.string(e.getValue()) + "\n");
                m.message(field, named(e.getKey(), any));
            }
        }
    }

    private static Msg named(String name, Msg value) {
        Msg m = new Msg();
        m.string(1, name);
        m.message(2, value);
        return m;
    }

    private static void strings(Msg m, int field, JsonNode array) {
        for (JsonNode v : array) {
            m.repeatedString(field, v.asString());
        }
    }

    /** A protobuf message being written: proto3 rules, so empty strings and false are left out. */
    static final class Msg {

        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Msg string(int field, String value) {
            if (!value.isEmpty()) {
                repeatedString(field, value);
            }
            return this;
        }

        /** A string element of a repeated field, written even when empty. */
        Msg repeatedString(int field, String value) {
            bytes(field, value.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        Msg bool(int field, boolean value) {
            if (value) {
                varint((long) field << 3);
                varint(1);
            }
            return this;
        }

        Msg message(int field, Msg value) {
            bytes(field, value.bytes());
            return this;
        }

        private void bytes(int field, byte[] b) {
            varint(((long) field << 3) | 2);
            varint(b.length);
            out.writeBytes(b);
        }

        private void varint(long v) {
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
