package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Server-side apply with the newest and oldest supported kubectl, and the API's answers around it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServerSideApplyIT {

    private K3sProcess k3s;
    private Path dir;
    private HttpClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        k3s = new K3sProcess(dir).start("--disable-agent");
        Path tls = k3s.dataDir.resolve("server/tls");
        client = Tls.mutualClient(Files.readString(tls.resolve("server-ca.crt")),
                Files.readString(tls.resolve("client-admin.crt")), Files.readString(tls.resolve("client-admin.key")));
        new Kubectl(Kubectl.binary("1.33"), k3s.kubeconfig).runWithInput(
                "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"ssa\"}}",
                "create", "-f", "-", "--validate=false");
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    static List<String> kubectls() {
        return List.of("1.33", "1.27");
    }

    private Kubectl kubectl(String minor) {
        return new Kubectl(Kubectl.binary(minor), k3s.kubeconfig);
    }

    private static String deployment(String name, String labels, int replicas) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: %s
                  labels: {%s}
                spec:
                  replicas: %d
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: nginx
                        image: nginx
                        ports:
                        - containerPort: 80
                """.formatted(name, labels, replicas);
    }

    private Path write(String file, String text) throws Exception {
        Path p = dir.resolve(file);
        Files.writeString(p, text);
        return p;
    }

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes());
    }

    /** "manager/operation[/subresource]" of each managedFields entry. */
    private static final java.util.Set<String> CONTROLLER_MANAGERS = java.util.Set.of("unknown", "kube-controller-manager");

    /** The object without what the deployment controller may change meanwhile (status, version, its entries). */
    private static String userView(String json) {
        tools.jackson.databind.node.ObjectNode o = (tools.jackson.databind.node.ObjectNode) json(json);
        o.remove("status");
        tools.jackson.databind.node.ObjectNode meta = (tools.jackson.databind.node.ObjectNode) o.get("metadata");
        meta.remove("resourceVersion");
        if (meta.get("managedFields") instanceof tools.jackson.databind.node.ArrayNode fields) {
            for (int i = fields.size() - 1; i >= 0; i--) {
                if (CONTROLLER_MANAGERS.contains(fields.get(i).path("manager").asString(""))) {
                    fields.remove(i);
                }
            }
        }
        return o.toString();
    }

    private static List<String> managers(JsonNode obj) {
        List<String> out = new ArrayList<>();
        for (JsonNode e : obj.path("metadata").path("managedFields")) {
            if (CONTROLLER_MANAGERS.contains(e.path("manager").asString(""))) {
                continue; // the deployment controller's status and revision annotation
            }
            out.add(e.path("manager").asString() + "/" + e.path("operation").asString()
                    + (e.has("subresource") ? "/" + e.get("subresource").asString() : ""));
        }
        return out;
    }

    private static JsonNode entry(JsonNode obj, String manager, String operation) {
        for (JsonNode e : obj.path("metadata").path("managedFields")) {
            if (e.path("manager").asString().equals(manager) && e.path("operation").asString().equals(operation)) {
                return e;
            }
        }
        throw new AssertionError("no " + manager + "/" + operation + " entry in " + managers(obj));
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void applyScaleConflictForceAndPrune(String minor) throws Exception {
        Kubectl k = kubectl(minor);
        String name = "web-" + minor.replace(".", "-");
        Path first = write(name + ".yaml", deployment(name, "app: web, tier: fe", 1));
        assertThat(k.ok("apply", "--server-side", "-n", "ssa", "-f", first.toString(), "--validate=false"))
                .contains("deployment.apps/" + name + " serverside-applied");
        JsonNode created = json(k.ok("get", "-n", "ssa", "deploy", name, "-o", "json", "--show-managed-fields"));
        assertThat(managers(created)).containsExactly("kubectl/Apply");
        JsonNode fields = entry(created, "kubectl", "Apply").get("fieldsV1");
        assertThat(fields.at("/f:spec/f:replicas").isObject()).isTrue();
        assertThat(fields.at("/f:metadata/f:labels").has(".")).as("a struct field is not owned itself").isFalse();
        assertThat(fields.at("/f:metadata/f:labels/f:tier").isObject()).isTrue();
        assertThat(fields.at("/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"nginx\"}").has(".")).isTrue();
        assertThat(created.at("/spec/template/spec/containers/0/imagePullPolicy").asString())
                .as("created through the create path, with its defaults").isEqualTo("Always");
        assertThat(k.ok("get", "-n", "ssa", "deploy", name, "-o", "yaml", "--show-managed-fields"))
                .contains("manager: kubectl\n").contains("operation: Apply");

        k.ok("scale", "-n", "ssa", "deploy", name, "--replicas=3");
        Path five = write(name + "-5.yaml", deployment(name, "app: web, tier: fe", 5));
        Kubectl.Result conflict = k.run("apply", "--server-side", "-n", "ssa", "-f", five.toString(),
                "--validate=false");
        String scaler = Kubectl.binary(minor).getFileName().toString();
        assertThat(conflict.exit()).isNotZero();
        assertThat(conflict.err()).contains("Apply failed with 1 conflict: conflict with \"" + scaler
                + "\" with subresource \"scale\" using apps/v1: .spec.replicas").contains("--force-conflicts");
        assertThat(k.ok("get", "-n", "ssa", "deploy", name, "-o", "jsonpath={.spec.replicas}")).isEqualTo("3");

        k.ok("apply", "--server-side", "--force-conflicts", "-n", "ssa", "-f", five.toString(), "--validate=false");
        JsonNode forced = json(k.ok("get", "-n", "ssa", "deploy", name, "-o", "json", "--show-managed-fields"));
        assertThat(forced.at("/spec/replicas").asInt()).isEqualTo(5);
        assertThat(managers(forced)).as("the scaler lost its only field").containsExactly("kubectl/Apply");

        // a label dropped from the manifest goes away
        Path fewer = write(name + "-fewer.yaml", deployment(name, "app: web", 5));
        k.ok("apply", "--server-side", "-n", "ssa", "-f", fewer.toString(), "--validate=false");
        JsonNode pruned = json(k.ok("get", "-n", "ssa", "deploy", name, "-o", "json", "--show-managed-fields"));
        assertThat(pruned.at("/metadata/labels").toString()).isEqualTo("{\"app\":\"web\"}");
        assertThat(entry(pruned, "kubectl", "Apply").at("/fieldsV1/f:metadata/f:labels").has("f:tier")).isFalse();

        // a server-side dry run shows the result and changes nothing
        String before = k.ok("get", "-n", "ssa", "deploy", name, "-o", "json", "--show-managed-fields");
        Path seven = write(name + "-7.yaml", deployment(name, "app: web, extra: x", 7));
        String dry = k.ok("apply", "--server-side", "--dry-run=server", "-n", "ssa", "-f", seven.toString(),
                "--validate=false", "-o", "json");
        assertThat(json(dry).at("/spec/replicas").asInt()).isEqualTo(7);
        assertThat(json(dry).at("/metadata/labels/extra").asString()).isEqualTo("x");
        assertThat(userView(k.ok("get", "-n", "ssa", "deploy", name, "-o", "json", "--show-managed-fields")))
                .isEqualTo(userView(before));
    }

    @ParameterizedTest
    @MethodSource("kubectls")
    void clientSideApplyMovesToServerSideApply(String minor) throws Exception {
        Kubectl k = kubectl(minor);
        String name = "csa-" + minor.replace(".", "-");
        String manifest = """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: %s
                  labels: {app: demo, tier: fe}
                data:
                  a: "1"
                  b: "2"
                """.formatted(name);
        k.ok("apply", "-n", "ssa", "-f", write(name + ".yaml", manifest).toString(), "--validate=false");
        assertThat(managers(json(k.ok("get", "-n", "ssa", "cm", name, "-o", "json", "--show-managed-fields"))))
                .containsExactly("kubectl-client-side-apply/Update");

        // changing a value the client-side apply set is no conflict for kubectl
        Path changed = write(name + "-2.yaml", manifest.replace("a: \"1\"", "a: \"changed\""));
        k.ok("apply", "--server-side", "-n", "ssa", "-f", changed.toString(), "--validate=false");
        JsonNode migrated = json(k.ok("get", "-n", "ssa", "cm", name, "-o", "json", "--show-managed-fields"));
        assertThat(migrated.at("/data/a").asString()).isEqualTo("changed");
        assertThat(managers(migrated)).contains("kubectl/Apply").doesNotContain("kubectl-client-side-apply/Update");
        assertThat(migrated.at("/metadata/annotations").get("kubectl.kubernetes.io/last-applied-configuration")
                .asString()).as("the annotation follows the applied configuration").contains("\"a\":\"changed\"");

        // fields dropped from the manifest are removed, as for any server-side applier
        Path fewer = write(name + "-3.yaml", Files.readString(changed).replace("  b: \"2\"\n", "")
                .replace(", tier: fe", ""));
        k.ok("apply", "--server-side", "-n", "ssa", "-f", fewer.toString(), "--validate=false");
        JsonNode after = json(k.ok("get", "-n", "ssa", "cm", name, "-o", "json"));
        assertThat(after.at("/data").toString()).isEqualTo("{\"a\":\"changed\"}");
        assertThat(after.at("/metadata/labels").toString()).isEqualTo("{\"app\":\"demo\"}");
        assertThat(after.at("/metadata/annotations").get("kubectl.kubernetes.io/last-applied-configuration")
                .asString()).doesNotContain("\"b\"");
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(k3s.url(path))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> apply(String path, String body) throws Exception {
        return send("PATCH", path, "application/apply-patch+yaml", body);
    }

    private static final String CM = "/api/v1/namespaces/ssa/configmaps/";

    @Test
    void optionsAndObjectChecks() throws Exception {
        String cm = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: opts\ndata:\n  k: v\n";
        HttpResponse<String> r = apply(CM + "opts", cm);
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode s = json(r.body());
        assertThat(s.path("message").asString()).isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager:"
                + " Required value: is required for apply patch");
        assertThat(s.at("/details/causes/0/reason").asString()).isEqualTo("FieldValueRequired");

        r = send("PATCH", CM + "opts?force=true", "application/merge-patch+json", "{}");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(json(r.body()).path("message").asString()).isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid:"
                + " force: Forbidden: may not be specified for non-apply patch");

        r = apply(CM + "opts?fieldManager=t", cm.replace("ConfigMap", "Secret"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).path("message").asString()).isEqualTo("invalid object type: /v1, Kind=Secret");

        r = apply(CM + "other?fieldManager=t", cm);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).path("message").asString())
                .isEqualTo("the name of the object (opts) does not match the name on the URL (other)");

        r = apply(CM + "opts?fieldManager=t", "data: [unclosed");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(json(r.body()).path("message").asString()).startsWith("error decoding YAML: ");

        r = apply(CM + "opts?fieldManager=t&dryRun=All", cm);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(k3sGet(CM + "opts").statusCode()).as("a dry run creates nothing").isEqualTo(404);

        r = apply(CM + "opts?fieldManager=t", cm);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        assertThat(json(r.body()).at("/metadata/managedFields/0/operation").asString()).isEqualTo("Apply");
        r = apply(CM + "opts?fieldManager=t", cm);
        assertThat(r.statusCode()).isEqualTo(200);
    }

    private HttpResponse<String> k3sGet(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(k3s.url(path))).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void conflictsSharedOwnershipAndForceOverHttp() throws Exception {
        String cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"own\"},"
                + "\"data\":{\"a\":\"%s\",\"b\":\"%s\"}}";
        assertThat(apply(CM + "own?fieldManager=one", cm.formatted("1", "2")).statusCode()).isEqualTo(201);
        HttpResponse<String> shared = apply(CM + "own?fieldManager=two",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"own\"},\"data\":{\"a\":\"1\"}}");
        assertThat(shared.statusCode()).isEqualTo(200);
        JsonNode both = json(shared.body());
        assertThat(entry(both, "one", "Apply").at("/fieldsV1/f:data").has("f:a")).isTrue();
        assertThat(entry(both, "two", "Apply").at("/fieldsV1/f:data").has("f:a")).isTrue();

        HttpResponse<String> r = apply(CM + "own?fieldManager=two",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"own\"},\"data\":{\"a\":\"9\","
                        + "\"b\":\"9\"}}");
        assertThat(r.statusCode()).isEqualTo(409);
        JsonNode s = json(r.body());
        assertThat(s.path("reason").asString()).isEqualTo("Conflict");
        assertThat(s.path("message").asString()).isEqualTo("Apply failed with 2 conflicts: conflicts with \"one\":\n"
                + "- .data.a\n- .data.b");
        assertThat(s.at("/details/causes/0/reason").asString()).isEqualTo("FieldManagerConflict");
        assertThat(s.at("/details/causes/0/message").asString()).isEqualTo("conflict with \"one\"");
        assertThat(s.at("/details/causes/1/field").asString()).isEqualTo(".data.b");

        r = apply(CM + "own?fieldManager=two&force=true",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"own\"},\"data\":{\"a\":\"9\"}}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode forced = json(r.body());
        assertThat(forced.at("/data/a").asString()).isEqualTo("9");
        assertThat(entry(forced, "one", "Apply").at("/fieldsV1/f:data").has("f:a")).isFalse();
        assertThat(entry(forced, "one", "Apply").at("/fieldsV1/f:data").has("f:b")).isTrue();
    }

    @Test
    void statusSubresourceAppliesStatusOnly() throws Exception {
        String deploy = deployment("st", "app: web", 1);
        assertThat(apply("/apis/apps/v1/namespaces/ssa/deployments/st?fieldManager=owner", deploy).statusCode())
                .isEqualTo(201);
        String status = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: st\nspec:\n  replicas: 4\n"
                + "status:\n  replicas: 1\n  conditions:\n  - type: Available\n    status: \"True\"\n";
        // forced: the deployment controller may already own the status fields
        HttpResponse<String> r = apply("/apis/apps/v1/namespaces/ssa/deployments/st/status?fieldManager=ctrl&force=true",
                status);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode o = json(r.body());
        assertThat(o.at("/spec/replicas").asInt()).as("spec is not written through status").isEqualTo(1);
        assertThat(o.at("/status/replicas").asInt()).isEqualTo(1);
        JsonNode e = entry(o, "ctrl", "Apply");
        assertThat(e.path("subresource").asString()).isEqualTo("status");
        assertThat(Json.string(e.get("fieldsV1"))).isEqualTo("{\"f:status\":{\"f:conditions\":{\"k:{\\\"type\\\":"
                + "\\\"Available\\\"}\":{\".\":{},\"f:status\":{},\"f:type\":{}}},\"f:replicas\":{}}}");

        // the main resource ignores status
        r = apply("/apis/apps/v1/namespaces/ssa/deployments/st?fieldManager=owner",
                deploy + "status:\n  replicas: 7\n");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r.body()).at("/status/replicas").asInt(0)).isNotEqualTo(7);
    }
}
