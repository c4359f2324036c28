package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.apiserver.schema.Schema;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI documents as kubectl uses them: explain (v3, and v2 protobuf), server-side field
 * validation detected from the v3 PATCH operations (no --validate=false needed), client-side
 * validation of List files (v2 protobuf), and the raw index and documents.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIT {

    private K3sProcess k3s;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        k3s = new K3sProcess(dir).start("--disable-agent");
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    private Kubectl kubectl(String minor) {
        return new Kubectl(Kubectl.binary(minor), k3s.kubeconfig);
    }

    /** Text with every run of white space made one space, as kubectl wraps descriptions. */
    private static String flat(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static String description(String kind, String field) {
        var t = Schema.builtin().kind("v1", kind);
        return flat(field == null ? t.description() : t.field(field).description());
    }

    @ParameterizedTest
    @MethodSource("io.k3j.it.Kubectl#versions")
    void explainPrintsTheSchemaDescriptions(String minor) throws Exception {
        Kubectl k = kubectl(minor);
        String ns = k.ok("explain", "namespaces");
        assertThat(ns).contains("KIND:", "Namespace", "VERSION:", "v1");
        assertThat(flat(ns)).contains(description("Namespace", null));
        assertThat(ns).contains("metadata").contains("spec");

        String name = k.ok("explain", "namespace.metadata.name");
        assertThat(name).contains("FIELD:", "name", "<string>");
        assertThat(flat(name)).contains(flat(Schema.builtin()
                .type("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta").field("name").description()));

        String data = k.ok("explain", "configmap.data");
        assertThat(data).contains("map[string]string");
        assertThat(flat(data)).contains(description("ConfigMap", "data"));

        assertThat(flat(k.ok("explain", "secrets"))).contains(description("Secret", null));
    }

    @ParameterizedTest
    @MethodSource("io.k3j.it.Kubectl#versions")
    void explainFromTheSwaggerProtobuf(String minor) throws Exception {
        String out = kubectl(minor).ok("explain", "--output=plaintext-openapiv2", "configmap.data");
        assertThat(flat(out)).contains(description("ConfigMap", "data"));
    }

    @ParameterizedTest
    @MethodSource("io.k3j.it.Kubectl#versions")
    void createAndApplyWithDefaultValidation(String minor) throws Exception {
        Kubectl k = kubectl(minor);
        String ns = "oa-" + minor.replace(".", "-");
        k.ok("create", "namespace", ns);
        // server-side field validation, found on the v3 PATCH operation: no client-side check needed
        assertThat(k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"one\"},"
                + "\"data\":{\"a\":\"b\"}}", "create", "-n", ns, "-f", "-").all()).contains("configmap/one created");
        assertThat(k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"two\"},"
                + "\"bogus\":1}", "create", "-n", ns, "-f", "-").all()).contains("bogus");
        // a List is validated on the client against the Swagger 2.0 (protobuf) definitions
        String list = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                + "\"metadata\":{\"name\":\"three\"},\"data\":{\"x\":\"y\"}}]}";
        assertThat(k.runWithInput(list, "apply", "-n", ns, "-f", "-").all()).contains("configmap/three");
        String bad = "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\","
                + "\"metadata\":{\"name\":\"four\"},\"datta\":{\"x\":\"y\"}}]}";
        Kubectl.Result r = k.runWithInput(bad, "create", "-n", ns, "-f", "-");
        assertThat(r.exit()).isNotZero();
        assertThat(r.all()).contains("datta");
        k.ok("delete", "namespace", ns, "--wait=false");
    }

    @Test
    void rawDocuments() throws Exception {
        Kubectl k = kubectl(Kubectl.versions().getFirst());
        JsonNode index = Json.parse(k.ok("get", "--raw", "/openapi/v3").getBytes(StandardCharsets.UTF_8));
        assertThat(index.path("paths").has("api/v1")).isTrue();
        assertThat(index.path("paths").has("apis/apps/v1")).isTrue();
        String url = index.path("paths").path("api/v1").path("serverRelativeURL").asString();
        assertThat(url).startsWith("/openapi/v3/api/v1?hash=");
        JsonNode doc = Json.parse(k.ok("get", "--raw", url).getBytes(StandardCharsets.UTF_8));
        JsonNode patch = doc.path("paths").path("/api/v1/namespaces/{namespace}/configmaps/{name}").path("patch");
        assertThat(patch.path("x-kubernetes-action").asString()).isEqualTo("patch");
        assertThat(patch.path("x-kubernetes-group-version-kind").path("kind").asString()).isEqualTo("ConfigMap");
        assertThat(patch.path("parameters").valueStream().map(p -> p.path("name").asString()))
                .contains("fieldValidation", "dryRun", "fieldManager");
        assertThat(doc.path("components").path("schemas").has("io.k8s.api.core.v1.ConfigMap")).isTrue();
        JsonNode v2 = Json.parse(k.ok("get", "--raw", "/openapi/v2").getBytes(StandardCharsets.UTF_8));
        assertThat(v2.path("swagger").asString()).isEqualTo("2.0");
        assertThat(v2.path("definitions").has("io.k8s.api.apps.v1.Deployment")).isTrue();
    }

    @Test
    void anonymousRequestsAreRefused() throws Exception {
        assertThat(k3s.get("/openapi/v2").statusCode()).isEqualTo(401);
        assertThat(k3s.get("/openapi/v3").statusCode()).isEqualTo(401);
        assertThat(k3s.get("/openapi/v3/api/v1").statusCode()).isEqualTo(401);
    }
}
