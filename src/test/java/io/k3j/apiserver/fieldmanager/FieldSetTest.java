package io.k3j.apiserver.fieldmanager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.Json;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class FieldSetTest {

    private static PathElement f(String name) {
        return PathElement.field(name);
    }

    private static FieldSet set(String fieldsV1) {
        return FieldsV1.decode(Json.parse(fieldsV1.getBytes()));
    }

    private static String json(FieldSet s) {
        return Json.string(FieldsV1.encode(s));
    }

    @Test
    void membersAndChildrenAreDistinct() {
        FieldSet s = new FieldSet();
        s.insert(f("metadata"), f("labels"), f("app"));
        s.insert(f("metadata"), f("labels"));
        assertThat(s.has(f("metadata"), f("labels"), f("app"))).isTrue();
        assertThat(s.has(f("metadata"), f("labels"))).isTrue();
        assertThat(s.has(f("metadata"))).as("a node with members below is not itself a member").isFalse();
        assertThat(s.has(f("spec"))).isFalse();
        assertThat(json(s)).isEqualTo("{\"f:metadata\":{\"f:labels\":{\".\":{},\"f:app\":{}}}}");
    }

    @Test
    void roundTripsEveryElementKind() {
        String text = "{\"f:metadata\":{\"f:finalizers\":{\".\":{},\"v:\\\"a\\\"\":{},\"v:\\\"b\\\"\":{}}},"
                + "\"f:spec\":{\"f:containers\":{\"k:{\\\"name\\\":\\\"web\\\"}\":{\".\":{},\"f:image\":{},"
                + "\"f:ports\":{\"k:{\\\"containerPort\\\":80,\\\"protocol\\\":\\\"TCP\\\"}\":{\".\":{},"
                + "\"f:containerPort\":{}}}}},\"f:list\":{\"i:0\":{},\"i:2\":{\"f:x\":{}}}}}";
        FieldSet s = set(text);
        assertThat(json(s)).isEqualTo(text);
        assertThat(s.has(f("metadata"), f("finalizers"), PathElement.value(Json.MAPPER.getNodeFactory().stringNode("b"))))
                .isTrue();
        ObjectNode key = Json.object().put("name", "web");
        assertThat(s.has(f("spec"), f("containers"), PathElement.key(key))).isTrue();
        assertThat(s.has(f("spec"), f("containers"), PathElement.key(key), f("image"))).isTrue();
        assertThat(s.has(f("spec"), f("list"), PathElement.index(2))).isFalse();
        assertThat(s.has(f("spec"), f("list"), PathElement.index(2), f("x"))).isTrue();
        assertThat(set(json(s))).isEqualTo(s);
    }

    @Test
    void elementsAreWrittenInUpstreamOrder() {
        FieldSet s = new FieldSet();
        s.insert(PathElement.index(1));
        s.insert(PathElement.value(Json.MAPPER.getNodeFactory().numberNode(10)));
        s.insert(PathElement.value(Json.MAPPER.getNodeFactory().numberNode(9)));
        s.insert(PathElement.key(Json.object().put("port", 8080)));
        s.insert(PathElement.key(Json.object().put("port", 443)));
        s.insert(f("zeta"));
        s.insert(f("alpha"));
        assertThat(json(s)).isEqualTo("{\"f:alpha\":{},\"f:zeta\":{},\"k:{\\\"port\\\":443}\":{},"
                + "\"k:{\\\"port\\\":8080}\":{},\"v:9\":{},\"v:10\":{},\"i:1\":{}}");
    }

    @Test
    void keysAreCanonical() {
        PathElement a = PathElement.parse("k:{\"protocol\":\"TCP\", \"containerPort\":80}");
        PathElement b = PathElement.key(Json.object().put("containerPort", 80).put("protocol", "TCP"));
        assertThat(a).isEqualTo(b);
        assertThat(a.text()).isEqualTo("k:{\"containerPort\":80,\"protocol\":\"TCP\"}");
    }

    @Test
    void unionDifferenceIntersection() {
        FieldSet a = set("{\"f:data\":{\".\":{},\"f:a\":{},\"f:b\":{}},\"f:metadata\":{\"f:labels\":{\"f:x\":{}}}}");
        FieldSet b = set("{\"f:data\":{\"f:b\":{},\"f:c\":{}},\"f:spec\":{}}");
        assertThat(json(a.union(b))).isEqualTo("{\"f:data\":{\".\":{},\"f:a\":{},\"f:b\":{},\"f:c\":{}},"
                + "\"f:metadata\":{\"f:labels\":{\"f:x\":{}}},\"f:spec\":{}}");
        assertThat(json(a.difference(b))).isEqualTo("{\"f:data\":{\".\":{},\"f:a\":{}},"
                + "\"f:metadata\":{\"f:labels\":{\"f:x\":{}}}}");
        assertThat(json(a.intersection(b))).isEqualTo("{\"f:data\":{\"f:b\":{}}}");
        assertThat(a.union(b).difference(a.union(b)).isEmpty()).isTrue();
        assertThat(a.difference(set("{\"f:spec\":{}}"))).as("nothing removed: same set").isSameAs(a);
    }

    @Test
    void recursiveDifferenceRemovesWholeSubtrees() {
        FieldSet a = set("{\"f:spec\":{\"f:replicas\":{}},\"f:status\":{\".\":{},\"f:phase\":{}}}");
        FieldSet status = set("{\"f:status\":{}}");
        assertThat(json(a.difference(status))).as("exact difference keeps members below")
                .isEqualTo("{\"f:spec\":{\"f:replicas\":{}},\"f:status\":{\"f:phase\":{}}}");
        assertThat(json(a.recursiveDifference(status))).isEqualTo("{\"f:spec\":{\"f:replicas\":{}}}");
    }

    @Test
    void equalityIgnoresConstructionOrder() {
        FieldSet a = new FieldSet();
        a.insert(f("b"));
        a.insert(f("a"), f("x"));
        FieldSet b = new FieldSet();
        b.insert(f("a"), f("x"));
        b.insert(f("b"));
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        b.insert(f("a"));
        assertThat(a).isNotEqualTo(b);
        assertThat(a.paths()).containsExactly(List.of(f("a"), f("x")), List.of(f("b")));
    }

    @Test
    void malformedFieldsAreRejected() {
        for (String bad : new String[]{"[]", "{\"x:a\":{}}", "{\"f:a\":1}", "{\"k:notjson\":{}}", "{\"k:[1]\":{}}",
            "{\"i:-1\":{}}", "{\"f:a\":{\".\":{\"f:b\":{}}}}"}) {
            JsonNode n = Json.parse(bad.getBytes());
            assertThatThrownBy(() -> FieldsV1.decode(n)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(FieldsV1.decode(null).isEmpty()).isTrue();
    }
}
