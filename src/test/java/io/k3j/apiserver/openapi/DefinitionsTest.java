package io.k3j.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.apiserver.schema.Schema;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The schema-to-OpenAPI conversion: types, formats, references, markers, kinds and lists. */
class DefinitionsTest {

    static final Schema SCHEMA = Schema.parse("test", """
            package io.k8s.api.widgets.v1
            import meta io.k8s.apimachinery.pkg.apis.meta.v1
            type Widget "A made-up kind."
              metadata meta.ObjectMeta 1 "Standard metadata."
              spec WidgetSpec 2 "What the widget should be."
            type WidgetSpec "The desired state."
              name string 1 req "The name."
              enabled bool 2 ptr "Whether it runs."
              count int32 3 "How many."
              total int64 4 "How many in all."
              ratio double 5 "A share."
              blob bytes 6 "Raw bytes."
              since Time 7 "When it started."
              renewed MicroTime 8 "When it was renewed."
              every Duration 9 "How often."
              port IntOrString 10 "A port number or name."
              size Quantity 11 "How big."
              raw RawExtension 12 "Anything."
              ports []Port 13 list=map keys=port,protocol patch=merge mergeKey=port "The ports."
              tags []string 14 list=set "Tags."
              labels map[string] 15 atomic "Labels, replaced as a whole."
              selector Selector 16 "Which pods."
              extra map[Extra] 17 "Extra values."
              common Common 18 inline "Embedded."
            type Port atomic "One port."
              port int32 1 req "The number."
              protocol string 2 "TCP or UDP."
            type Selector atomic "A selector."
              match map[string] 1 "Labels to match."
            type Extra wraps "A list of strings."
              items []string 1 "The strings."
            type Common "Fields many types share."
              note string 1 "A note."
            kind widgets.k8s.io/v1 Widget Widget
            package io.k8s.apimachinery.pkg.apis.meta.v1
            type ObjectMeta "Metadata."
              name string 1 "The object's name."
            type ListMeta "List metadata."
              resourceVersion string 2 "The list's version."
            """);

    private static Map<String, ObjectNode> build(Definitions.Flavor flavor) {
        Definitions d = new Definitions(SCHEMA, flavor);
        String widget = d.kind("widgets.k8s.io", "v1", "Widget");
        d.ref(widget);
        d.ref(d.listKind(widget, "widgets.k8s.io", "v1", "Widget"));
        return d.build();
    }

    private static JsonNode props(Map<String, ObjectNode> defs, String type) {
        return defs.get(type).path("properties");
    }

    @Test
    void scalarsGetUpstreamTypesAndFormats() {
        JsonNode p = props(build(Definitions.Flavor.V3), "io.k8s.api.widgets.v1.WidgetSpec");
        assertThat(p.path("name")).isEqualTo(Json.parse("{\"type\":\"string\",\"description\":\"The name.\"}"
                .getBytes()));
        assertThat(p.path("enabled").path("type").asString()).isEqualTo("boolean");
        assertThat(p.path("count").path("format").asString()).isEqualTo("int32");
        assertThat(p.path("count").path("type").asString()).isEqualTo("integer");
        assertThat(p.path("total").path("format").asString()).isEqualTo("int64");
        assertThat(p.path("ratio").path("type").asString()).isEqualTo("number");
        assertThat(p.path("ratio").path("format").asString()).isEqualTo("double");
        assertThat(p.path("blob").path("format").asString()).isEqualTo("byte");
        assertThat(p.path("every").path("type").asString()).isEqualTo("string");
        assertThat(p.path("tags").path("items").path("type").asString()).isEqualTo("string");
        assertThat(p.path("labels").path("additionalProperties").path("type").asString()).isEqualTo("string");
    }

    @Test
    void apimachineryTypesAreNamedDefinitions() {
        Map<String, ObjectNode> v3 = build(Definitions.Flavor.V3);
        JsonNode p = props(v3, "io.k8s.api.widgets.v1.WidgetSpec");
        assertThat(p.path("since").path("allOf").get(0).path("$ref").asString())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time");
        assertThat(v3.get(Definitions.TIME).path("format").asString()).isEqualTo("date-time");
        assertThat(v3.get(Definitions.MICRO_TIME).path("format").asString()).isEqualTo("date-time");
        assertThat(v3.get(Definitions.INT_OR_STRING).path("format").asString()).isEqualTo("int-or-string");
        assertThat(v3.get(Definitions.INT_OR_STRING).path("oneOf").toString())
                .isEqualTo("[{\"type\":\"integer\"},{\"type\":\"string\"}]");
        assertThat(v3.get(Definitions.QUANTITY).path("oneOf").toString())
                .isEqualTo("[{\"type\":\"string\"},{\"type\":\"number\"}]");
        assertThat(v3.get(Definitions.RAW_EXTENSION).path("type").asString()).isEqualTo("object");

        Map<String, ObjectNode> v2 = build(Definitions.Flavor.V2);
        assertThat(v2.get(Definitions.INT_OR_STRING).path("type").asString()).isEqualTo("string");
        assertThat(v2.get(Definitions.INT_OR_STRING).path("format").asString()).isEqualTo("int-or-string");
        assertThat(v2.get(Definitions.QUANTITY).path("type").asString()).isEqualTo("string");
        assertThat(v2.get(Definitions.TIME).path("type").asString()).isEqualTo("string");
    }

    @Test
    void referencesWithADescriptionAreWrappedInV3Only() {
        JsonNode v3 = props(build(Definitions.Flavor.V3), "io.k8s.api.widgets.v1.Widget").path("spec");
        assertThat(v3.toString()).isEqualTo("{\"allOf\":[{\"$ref\":\"#/components/schemas/io.k8s.api.widgets.v1"
                + ".WidgetSpec\"}],\"description\":\"What the widget should be.\"}");
        JsonNode v2 = props(build(Definitions.Flavor.V2), "io.k8s.api.widgets.v1.Widget").path("spec");
        assertThat(v2.toString()).isEqualTo("{\"$ref\":\"#/definitions/io.k8s.api.widgets.v1.WidgetSpec\","
                + "\"description\":\"What the widget should be.\"}");
    }

    @Test
    void markersBecomeExtensions() {
        Map<String, ObjectNode> defs = build(Definitions.Flavor.V2);
        JsonNode p = props(defs, "io.k8s.api.widgets.v1.WidgetSpec");
        assertThat(p.path("ports").path("x-kubernetes-list-type").asString()).isEqualTo("map");
        assertThat(p.path("ports").path("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"port\",\"protocol\"]");
        assertThat(p.path("ports").path("x-kubernetes-patch-strategy").asString()).isEqualTo("merge");
        assertThat(p.path("ports").path("x-kubernetes-patch-merge-key").asString()).isEqualTo("port");
        assertThat(p.path("ports").path("items").path("$ref").asString())
                .isEqualTo("#/definitions/io.k8s.api.widgets.v1.Port");
        assertThat(p.path("tags").path("x-kubernetes-list-type").asString()).isEqualTo("set");
        assertThat(p.path("tags").has("x-kubernetes-patch-strategy")).isFalse();
        assertThat(p.path("labels").path("x-kubernetes-map-type").asString()).isEqualTo("atomic");
        assertThat(defs.get("io.k8s.api.widgets.v1.Port").path("x-kubernetes-map-type").asString()).isEqualTo("atomic");
        assertThat(defs.get("io.k8s.api.widgets.v1.Selector").path("x-kubernetes-map-type").asString())
                .isEqualTo("atomic");
        assertThat(defs.get("io.k8s.api.widgets.v1.WidgetSpec").has("x-kubernetes-map-type")).isFalse();
    }

    @Test
    void requiredDescriptionsWrappedAndEmbeddedFields() {
        Map<String, ObjectNode> defs = build(Definitions.Flavor.V3);
        ObjectNode spec = defs.get("io.k8s.api.widgets.v1.WidgetSpec");
        assertThat(spec.path("description").asString()).isEqualTo("The desired state.");
        assertThat(spec.path("type").asString()).isEqualTo("object");
        assertThat(spec.path("required").toString()).isEqualTo("[\"name\"]");
        assertThat(defs.get("io.k8s.api.widgets.v1.Port").path("required").toString()).isEqualTo("[\"port\"]");
        // a wrapped value is its single field's value; an embedded struct's fields are the parent's
        assertThat(spec.path("properties").path("extra").path("additionalProperties").toString())
                .isEqualTo("{\"items\":{\"type\":\"string\"},\"type\":\"array\"}");
        assertThat(defs).doesNotContainKey("io.k8s.api.widgets.v1.Extra");
        assertThat(spec.path("properties").path("note").path("description").asString()).isEqualTo("A note.");
        assertThat(spec.path("properties").has("common")).isFalse();
    }

    @Test
    void kindsCarryTheirGroupVersionKindAndTypeMeta() {
        Map<String, ObjectNode> defs = build(Definitions.Flavor.V3);
        ObjectNode w = defs.get("io.k8s.api.widgets.v1.Widget");
        assertThat(w.path("x-kubernetes-group-version-kind").toString())
                .isEqualTo("[{\"group\":\"widgets.k8s.io\",\"kind\":\"Widget\",\"version\":\"v1\"}]");
        assertThat(w.path("properties").path("apiVersion").path("type").asString()).isEqualTo("string");
        assertThat(w.path("properties").path("kind").path("type").asString()).isEqualTo("string");
        assertThat(defs.get("io.k8s.api.widgets.v1.WidgetSpec").has("x-kubernetes-group-version-kind")).isFalse();
        assertThat(defs.get("io.k8s.api.widgets.v1.WidgetSpec").path("properties").has("kind")).isFalse();
    }

    @Test
    void listKindsAreMadeFromTheirItems() {
        ObjectNode list = build(Definitions.Flavor.V3).get("io.k8s.api.widgets.v1.WidgetList");
        assertThat(list.path("required").toString()).isEqualTo("[\"items\"]");
        assertThat(list.path("properties").path("items").path("items").path("$ref").asString())
                .isEqualTo("#/components/schemas/io.k8s.api.widgets.v1.Widget");
        assertThat(list.path("properties").path("metadata").path("allOf").get(0).path("$ref").asString())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta");
        assertThat(list.path("x-kubernetes-group-version-kind").get(0).path("kind").asString())
                .isEqualTo("WidgetList");
    }

    @Test
    void undescribedKindsArePlainObjectsAndOnlyReferencedTypesAppear() {
        Definitions d = new Definitions(SCHEMA, Definitions.Flavor.V3);
        String name = d.kind("rbac.authorization.k8s.io", "v1", "Role");
        assertThat(name).isEqualTo("io.k8s.api.rbac.v1.Role");
        d.ref(name);
        Map<String, ObjectNode> defs = d.build();
        assertThat(defs).containsOnlyKeys("io.k8s.api.rbac.v1.Role");
        assertThat(defs.get(name).path("type").asString()).isEqualTo("object");
        assertThat(defs.get(name).has("properties")).isFalse();
        assertThat(defs.get(name).path("x-kubernetes-group-version-kind").get(0).path("group").asString())
                .isEqualTo("rbac.authorization.k8s.io");
    }

    @Test
    void upstreamPackageNames() {
        assertThat(Definitions.packageOf("", "v1")).isEqualTo("io.k8s.api.core.v1");
        assertThat(Definitions.packageOf("apps", "v1")).isEqualTo("io.k8s.api.apps.v1");
        assertThat(Definitions.packageOf("networking.k8s.io", "v1")).isEqualTo("io.k8s.api.networking.v1");
    }
}
