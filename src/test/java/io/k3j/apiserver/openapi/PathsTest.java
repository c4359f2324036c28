package io.k3j.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.apiserver.registry.ResourceType;
import io.k3j.apiserver.registry.Strategy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Paths, operations and parameters of served resources, in both document forms. */
class PathsTest {

    static final ResourceType WIDGETS = new ResourceType("widgets.k8s.io", "v1", "widgets", "Widget", "widget", true,
            List.of(), List.of(), Set.of("status", "scale"), Strategy.DEFAULT);
    static final ResourceType GADGETS = new ResourceType("", "v1", "gadgets", "Gadget", "gadget", false, List.of(),
            List.of(), Set.of(), Strategy.DEFAULT);
    static final ResourceType REVIEWS = new ResourceType("widgets.k8s.io", "v1", "widgetreviews", "WidgetReview",
            "widgetreview", false, List.of(), List.of(), Set.of(), Strategy.DEFAULT);

    static final ResourceType LOCAL_REVIEWS = new ResourceType("widgets.k8s.io", "v1", "localwidgetreviews",
            "LocalWidgetReview", "localwidgetreview", true, List.of(), List.of(), Set.of(), Strategy.DEFAULT);

    private static Map<String, ObjectNode> paths(Definitions.Flavor flavor) {
        Paths p = new Paths(new Definitions(DefinitionsTest.SCHEMA, flavor), flavor);
        p.add(new Paths.Resource(WIDGETS, false));
        p.add(new Paths.Resource(GADGETS, false));
        p.add(new Paths.Resource(REVIEWS, true));
        p.add(new Paths.Resource(LOCAL_REVIEWS, true));
        return p.items();
    }

    private static List<String> names(JsonNode params) {
        return params.valueStream().map(p -> p.path("name").asString()).toList();
    }

    @Test
    void namespacedResourcesHaveUpstreamsPaths() {
        assertThat(paths(Definitions.Flavor.V3)).containsOnlyKeys(
                "/apis/widgets.k8s.io/v1/namespaces/{namespace}/widgets",
                "/apis/widgets.k8s.io/v1/namespaces/{namespace}/widgets/{name}",
                "/apis/widgets.k8s.io/v1/namespaces/{namespace}/widgets/{name}/scale",
                "/apis/widgets.k8s.io/v1/namespaces/{namespace}/widgets/{name}/status",
                "/apis/widgets.k8s.io/v1/widgets",
                "/apis/widgets.k8s.io/v1/watch/widgets",
                "/apis/widgets.k8s.io/v1/watch/namespaces/{namespace}/widgets",
                "/apis/widgets.k8s.io/v1/watch/namespaces/{namespace}/widgets/{name}",
                "/api/v1/gadgets", "/api/v1/gadgets/{name}", "/api/v1/watch/gadgets", "/api/v1/watch/gadgets/{name}",
                "/apis/widgets.k8s.io/v1/widgetreviews",
                "/apis/widgets.k8s.io/v1/namespaces/{namespace}/localwidgetreviews");
    }

    @Test
    void operationsCarryIdsActionsAndKinds() {
        Map<String, ObjectNode> p = paths(Definitions.Flavor.V3);
        JsonNode object = p.get("/apis/widgets.k8s.io/v1/namespaces/{namespace}/widgets/{name}");
        assertThat(object.path("get").path("operationId").asString()).isEqualTo("readWidgetsV1NamespacedWidget");
        assertThat(object.path("patch").path("x-kubernetes-action").asString()).isEqualTo("patch");
        assertThat(object.path("patch").path("x-kubernetes-group-version-kind").toString())
                .isEqualTo("{\"group\":\"widgets.k8s.io\",\"kind\":\"Widget\",\"version\":\"v1\"}");
        assertThat(object.path("patch").path("tags").toString()).isEqualTo("[\"widgets_v1\"]");
        assertThat(names(object.path("parameters"))).containsExactly("name", "namespace", "pretty");
        JsonNode collection = p.get("/apis/widgets.k8s.io/v1/namespaces/{namespace}/widgets");
        assertThat(collection.path("get").path("x-kubernetes-action").asString()).isEqualTo("list");
        assertThat(collection.path("delete").path("operationId").asString())
                .isEqualTo("deleteWidgetsV1CollectionNamespacedWidget");
        assertThat(p.get("/apis/widgets.k8s.io/v1/widgets").path("get").path("operationId").asString())
                .isEqualTo("listWidgetsV1WidgetForAllNamespaces");
        JsonNode scale = p.get("/apis/widgets.k8s.io/v1/namespaces/{namespace}/widgets/{name}/scale");
        assertThat(scale.path("put").path("x-kubernetes-group-version-kind").toString())
                .isEqualTo("{\"group\":\"autoscaling\",\"kind\":\"Scale\",\"version\":\"v1\"}");
        assertThat(p.get("/api/v1/gadgets/{name}").path("put").path("operationId").asString())
                .isEqualTo("replaceCoreV1Gadget");
        assertThat(p.get("/api/v1/watch/gadgets").path("get").path("x-kubernetes-action").asString())
                .isEqualTo("watchlist");
        JsonNode review = p.get("/apis/widgets.k8s.io/v1/widgetreviews");
        assertThat(review.has("get")).isFalse();
        assertThat(review.path("post").path("operationId").asString()).isEqualTo("createWidgetsV1WidgetReview");
        assertThat(p.get("/apis/widgets.k8s.io/v1/namespaces/{namespace}/localwidgetreviews").path("post")
                .path("operationId").asString()).isEqualTo("createWidgetsV1NamespacedLocalWidgetReview");
    }

    @Test
    void writesTakeDryRunFieldManagerAndFieldValidation() {
        JsonNode object = paths(Definitions.Flavor.V3).get("/apis/widgets.k8s.io/v1/namespaces/{namespace}/widgets/{name}");
        assertThat(names(object.path("patch").path("parameters")))
                .containsExactly("dryRun", "force", "fieldManager", "fieldValidation");
        assertThat(names(object.path("put").path("parameters")))
                .containsExactly("dryRun", "fieldManager", "fieldValidation");
        assertThat(names(object.path("delete").path("parameters"))).contains("dryRun", "gracePeriodSeconds",
                "propagationPolicy");
        assertThat(object.path("patch").path("parameters").get(3).path("in").asString()).isEqualTo("query");
        assertThat(object.path("patch").path("parameters").get(3).path("schema").path("type").asString())
                .isEqualTo("string");
        assertThat(object.path("patch").path("requestBody").path("content").propertyNames())
                .containsExactlyElementsOf(Paths.PATCH_TYPES);
        assertThat(object.path("put").path("requestBody").path("content").path("*/*").path("schema")
                .path("$ref").asString()).isEqualTo("#/components/schemas/io.k8s.api.widgets.v1.Widget");
        assertThat(object.path("put").path("responses").path("201").path("content").path("application/json")
                .path("schema").path("$ref").asString()).isEqualTo("#/components/schemas/io.k8s.api.widgets.v1.Widget");
        assertThat(object.path("get").path("responses").path("401").path("description").asString())
                .isEqualTo("Unauthorized");
    }

    @Test
    void swaggerTwoHasBodyParametersAndMediaTypeLists() {
        JsonNode object = paths(Definitions.Flavor.V2).get("/apis/widgets.k8s.io/v1/namespaces/{namespace}/widgets/{name}");
        JsonNode patch = object.path("patch");
        assertThat(patch.path("consumes").toString()).contains("application/strategic-merge-patch+json",
                "application/merge-patch+json", "application/json-patch+json", "application/apply-patch+yaml");
        assertThat(patch.path("produces").toString()).contains("application/json");
        assertThat(patch.path("schemes").toString()).isEqualTo("[\"https\"]");
        assertThat(names(patch.path("parameters"))).containsExactly("dryRun", "force", "fieldManager",
                "fieldValidation", "body");
        JsonNode body = patch.path("parameters").get(4);
        assertThat(body.path("in").asString()).isEqualTo("body");
        assertThat(body.path("schema").path("$ref").asString())
                .isEqualTo("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch");
        assertThat(patch.path("parameters").get(0).path("type").asString()).isEqualTo("string");
        assertThat(patch.path("responses").path("200").path("schema").path("$ref").asString())
                .isEqualTo("#/definitions/io.k8s.api.widgets.v1.Widget");
        assertThat(object.path("parameters").get(0).path("required").asBoolean()).isTrue();
    }

    @Test
    void upstreamNamesOfGroupVersions() {
        assertThat(Paths.groupVersionName("", "v1")).isEqualTo("CoreV1");
        assertThat(Paths.groupVersionName("rbac.authorization.k8s.io", "v1")).isEqualTo("RbacAuthorizationV1");
        assertThat(Paths.groupVersionName("autoscaling", "v2")).isEqualTo("AutoscalingV2");
        assertThat(Paths.tag("rbac.authorization.k8s.io", "v1")).isEqualTo("rbacAuthorization_v1");
        assertThat(Paths.tag("", "v1")).isEqualTo("core_v1");
        assertThat(Paths.tag("apps", "v1")).isEqualTo("apps_v1");
    }
}
