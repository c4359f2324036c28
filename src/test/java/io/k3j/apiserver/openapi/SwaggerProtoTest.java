package io.k3j.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gnostic openapi.v2.Document encoding, checked field by field on a small document. */
class SwaggerProtoTest {

    /** The length-delimited fields of one message: number and bytes, in order. */
    private record Field(int number, byte[] value) {
        String text() {
            return new String(value, StandardCharsets.UTF_8);
        }
    }

    private static List<Field> fields(byte[] msg) {
        List<Field> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < msg.length) {
            long key = varint(msg, pos);
            int wire = (int) (key & 7);
            if (wire == 0) {
                varint(msg, pos);
                out.add(new Field((int) (key >>> 3), new byte[]{1}));
                continue;
            }
            int len = (int) varint(msg, pos);
            byte[] v = java.util.Arrays.copyOfRange(msg, pos[0], pos[0] + len);
            pos[0] += len;
            out.add(new Field((int) (key >>> 3), v));
        }
        return out;
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7F) << shift;
            if (x >= 0) {
                return v;
            }
        }
    }

    private static Field one(List<Field> fields, int number) {
        return fields.stream().filter(f -> f.number() == number).findFirst().orElseThrow();
    }

    @Test
    void documentPathsAndDefinitions() {
        byte[] pb = SwaggerProto.encode(Json.parse("""
                {"swagger":"2.0","info":{"title":"Kubernetes","version":"v1"},
                 "paths":{"/api/v1/things":{"get":{"operationId":"listThing","parameters":[
                   {"name":"limit","in":"query","type":"integer","uniqueItems":true}],
                   "responses":{"200":{"description":"OK","schema":{"$ref":"#/definitions/T"}}},
                   "x-kubernetes-action":"list"}}},
                 "definitions":{"T":{"description":"A thing.","type":"object","required":["a"],
                   "properties":{"a":{"type":"string"}},"x-kubernetes-group-version-kind":[{"group":"","kind":"T","version":"v1"}]}}}
                """.getBytes(StandardCharsets.UTF_8)));
        List<Field> doc = fields(pb);
        assertThat(one(doc, 1).text()).isEqualTo("2.0");
        assertThat(one(fields(one(doc, 2).value()), 1).text()).isEqualTo("Kubernetes");

        List<Field> namedPath = fields(one(fields(one(doc, 8).value()), 2).value());
        assertThat(one(namedPath, 1).text()).isEqualTo("/api/v1/things");
        List<Field> get = fields(one(fields(one(namedPath, 2).value()), 2).value());
        assertThat(one(get, 5).text()).isEqualTo("listThing");
        // ParametersItem.parameter → Parameter.non_body_parameter → NonBodyParameter.query_parameter_sub_schema
        List<Field> query = fields(one(fields(one(fields(one(fields(one(get, 8).value()), 1).value()), 2).value()), 3)
                .value());
        assertThat(one(query, 2).text()).isEqualTo("query");
        assertThat(one(query, 4).text()).isEqualTo("limit");
        assertThat(one(query, 6).text()).isEqualTo("integer");
        assertThat(one(query, 20).value()).containsExactly(1);
        List<Field> ext = fields(one(get, 13).value());
        assertThat(one(ext, 1).text()).isEqualTo("x-kubernetes-action");
        assertThat(one(fields(one(ext, 2).value()), 2).text()).isEqualTo("\"list\"\n");

        List<Field> namedSchema = fields(one(fields(one(doc, 9).value()), 1).value());
        assertThat(one(namedSchema, 1).text()).isEqualTo("T");
        List<Field> schema = fields(one(namedSchema, 2).value());
        assertThat(one(schema, 4).text()).isEqualTo("A thing.");
        assertThat(one(schema, 19).text()).isEqualTo("a");
        assertThat(one(fields(one(schema, 22).value()), 1).text()).isEqualTo("object");
        List<Field> prop = fields(one(fields(one(schema, 25).value()), 1).value());
        assertThat(one(prop, 1).text()).isEqualTo("a");
        List<Field> gvk = fields(one(schema, 31).value());
        assertThat(one(fields(one(gvk, 2).value()), 2).text())
                .isEqualTo("[{\"group\":\"\",\"kind\":\"T\",\"version\":\"v1\"}]\n");
    }
}
