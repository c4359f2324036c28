package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** metadata.managedFields as the installed kubectl writes and shows them, and the fieldManager parameter. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ManagedFieldsIT {

    private K3sProcess k3s;
    private Path dir;
    private Kubectl k;
    private HttpClient client;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        k3s = new K3sProcess(dir).start("--disable-agent");
        k = new Kubectl(Kubectl.binary("1.33"), k3s.kubeconfig);
        Path tls = k3s.dataDir.resolve("server/tls");
        client = Tls.mutualClient(Files.readString(tls.resolve("server-ca.crt")),
                Files.readString(tls.resolve("client-admin.crt")), Files.readString(tls.resolve("client-admin.key")));
        k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"mf\"}}",
                "create", "-f", "-", "--validate=false");
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    /** Entries of an object by "manager[/subresource]", each as its fieldsV1 in compact JSON with ' for ". */
    /** Managers of the controllers' own writes (the deployment controller's status and revision annotation). */
    private static final java.util.Set<String> CONTROLLER_MANAGERS = java.util.Set.of("unknown", "kube-controller-manager");

    private Map<String, JsonNode> entries(String... getArgs) throws Exception {
        String[] args = new String[getArgs.length + 4];
        args[0] = "get";
        System.arraycopy(getArgs, 0, args, 1, getArgs.length);
        args[getArgs.length + 1] = "-o";
        args[getArgs.length + 2] = "json";
        args[getArgs.length + 3] = "--show-managed-fields";
        JsonNode obj = Json.parse(k.ok(args).getBytes());
        Map<String, JsonNode> out = new LinkedHashMap<>();
        for (JsonNode e : obj.path("metadata").path("managedFields")) {
            assertThat(e.path("operation").asString()).isEqualTo("Update");
            assertThat(e.path("fieldsType").asString()).isEqualTo("FieldsV1");
            assertThat(e.path("time").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
            String key = e.path("manager").asString() + (e.has("subresource") ? "/" + e.get("subresource").asString() : "");
            if (!CONTROLLER_MANAGERS.contains(e.path("manager").asString())) {
                out.put(key, e);
            }
        }
        return out;
    }

    private static String fields(JsonNode entry) {
        return Json.string(entry.get("fieldsV1")).replace('"', '\'');
    }

    @Test
    void kubectlWritesAreRecordedPerManager() throws Exception {
        Path file = dir.resolve("cm.yaml");
        Files.writeString(file, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: demo
                  labels: {app: demo}
                data:
                  a: "1"
                  b: "2"
                """);
        k.ok("create", "-n", "mf", "-f", file.toString(), "--validate=false");
        Map<String, JsonNode> created = entries("-n", "mf", "cm", "demo");
        assertThat(created.keySet()).containsExactly("kubectl-create");
        assertThat(created.get("kubectl-create").path("apiVersion").asString()).isEqualTo("v1");
        assertThat(fields(created.get("kubectl-create"))).isEqualTo("{'f:data':{'.':{},'f:a':{},'f:b':{}},"
                + "'f:metadata':{'f:labels':{'.':{},'f:app':{}}}}");
        assertThat(k.ok("get", "-n", "mf", "cm", "demo", "-o", "yaml")).as("kubectl hides them by default")
                .doesNotContain("managedFields");
        assertThat(k.ok("get", "-n", "mf", "cm", "demo", "-o", "yaml", "--show-managed-fields"))
                .contains("managedFields:").contains("manager: kubectl-create").contains("f:app: {}");

        k.ok("label", "-n", "mf", "cm", "demo", "tier=web");
        k.ok("patch", "-n", "mf", "cm", "demo", "--type=merge", "-p", "{\"data\":{\"a\":\"changed\",\"c\":\"3\"}}");
        Map<String, JsonNode> after = entries("-n", "mf", "cm", "demo");
        assertThat(after.keySet()).containsExactlyInAnyOrder("kubectl-create", "kubectl-label", "kubectl-patch");
        assertThat(fields(after.get("kubectl-label"))).isEqualTo("{'f:metadata':{'f:labels':{'f:tier':{}}}}");
        assertThat(fields(after.get("kubectl-patch"))).isEqualTo("{'f:data':{'f:a':{},'f:c':{}}}");
        assertThat(fields(after.get("kubectl-create"))).as("the changed value moved to the patcher")
                .isEqualTo("{'f:data':{'.':{},'f:b':{}},'f:metadata':{'f:labels':{'.':{},'f:app':{}}}}");

        // a removed field leaves its owner; an owner left with nothing disappears
        k.ok("patch", "-n", "mf", "cm", "demo", "--type=json", "-p",
                "[{\"op\":\"remove\",\"path\":\"/metadata/labels/tier\"}]");
        Map<String, JsonNode> removed = entries("-n", "mf", "cm", "demo");
        assertThat(removed.keySet()).containsExactlyInAnyOrder("kubectl-create", "kubectl-patch");

        // client-side apply of a new object creates it as kubectl's apply manager
        Path applied = dir.resolve("applied.yaml");
        Files.writeString(applied, """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: applied
                data:
                  k: v
                """);
        k.ok("apply", "-n", "mf", "-f", applied.toString(), "--validate=false");
        Map<String, JsonNode> applyEntries = entries("-n", "mf", "cm", "applied");
        assertThat(applyEntries.keySet()).containsExactly("kubectl-client-side-apply");
        assertThat(fields(applyEntries.get("kubectl-client-side-apply"))).isEqualTo("{'f:data':{'.':{},'f:k':{}},"
                + "'f:metadata':{'f:annotations':{'.':{},'f:kubectl.kubernetes.io/last-applied-configuration':{}}}}");

        // a write that changes nothing changes no entry
        String before = k.ok("get", "-n", "mf", "cm", "demo", "-o", "json", "--show-managed-fields");
        k.ok("label", "-n", "mf", "cm", "demo", "app=demo", "--overwrite");
        assertThat(k.ok("get", "-n", "mf", "cm", "demo", "-o", "json", "--show-managed-fields")).isEqualTo(before);
    }

    @Test
    void deploymentsScaleAndStatusAreSeparateEntries() throws Exception {
        Path file = dir.resolve("deploy.yaml");
        Files.writeString(file, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels: {app: web}
                spec:
                  replicas: 1
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
                """);
        k.ok("create", "-n", "mf", "-f", file.toString(), "--validate=false");
        Map<String, JsonNode> created = entries("-n", "mf", "deploy", "web");
        assertThat(created.keySet()).containsExactly("kubectl-create");
        JsonNode entry = created.get("kubectl-create");
        assertThat(entry.path("apiVersion").asString()).isEqualTo("apps/v1");
        JsonNode f = entry.get("fieldsV1");
        assertThat(f.path("f:spec").has(".")).as("spec is part of every Deployment, not owned itself").isFalse();
        assertThat(f.path("f:spec").path("f:selector").isEmpty()).as("selectors are atomic").isTrue();
        assertThat(f.path("f:spec").path("f:replicas").isObject()).isTrue();
        assertThat(f.at("/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"nginx\"}/f:image").isObject()).isTrue();
        assertThat(f.at("/f:spec/f:template/f:spec/f:containers/k:{\"name\":\"nginx\"}").has(".")).isTrue();
        assertThat(f.has("f:status")).as("status belongs to the status subresource").isFalse();

        k.ok("scale", "-n", "mf", "deploy", "web", "--replicas=3");
        Map<String, JsonNode> scaled = entries("-n", "mf", "deploy", "web");
        JsonNode scale = scaled.entrySet().stream().filter(e -> e.getKey().endsWith("/scale")).findFirst()
                .orElseThrow(() -> new AssertionError("no scale entry in " + scaled.keySet())).getValue();
        assertThat(fields(scale)).isEqualTo("{'f:spec':{'f:replicas':{}}}");
        assertThat(scale.path("apiVersion").asString()).isEqualTo("apps/v1");
        assertThat(scaled.get("kubectl-create").at("/fieldsV1/f:spec").has("f:replicas")).isFalse();

        // the deployment controller writes the status too: retry on conflicts, read the answer's entries
        HttpResponse<String> status = null;
        for (int attempt = 0; attempt < 10 && (status == null || status.statusCode() == 409); attempt++) {
            status = send("PUT", "/apis/apps/v1/namespaces/mf/deployments/web/status?fieldManager=ctl",
                    statusBody(), null);
        }
        assertThat(status.statusCode()).as(status.body()).isEqualTo(200);
        JsonNode ctlStatus = null;
        for (JsonNode e : Json.parse(status.body().getBytes()).path("metadata").path("managedFields")) {
            if (e.path("manager").asString("").equals("ctl") && e.path("subresource").asString("").equals("status")) {
                ctlStatus = e;
            }
        }
        assertThat(ctlStatus).as(status.body()).isNotNull();
        assertThat(fields(ctlStatus)).startsWith("{'f:status':{").contains("'f:observedGeneration':{}")
                .doesNotContain("f:spec");
    }

    private String statusBody() throws Exception {
        ObjectNode d = (ObjectNode) Json.parse(k.ok("get", "-n", "mf", "deploy", "web", "-o", "json").getBytes());
        ObjectNode status = d.putObject("status");
        status.put("observedGeneration", 1).put("replicas", 3);
        return Json.string(d);
    }

    @Test
    void managerComesFromTheParameterOrTheUserAgent() throws Exception {
        String cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"%s\"},\"data\":{\"k\":\"v\"}}";
        assertThat(send("POST", "/api/v1/namespaces/mf/configmaps?fieldManager=explicit", cm.formatted("p"),
                "my-tool/1.0 (linux)").statusCode()).isEqualTo(201);
        assertThat(entries("-n", "mf", "cm", "p").keySet()).containsExactly("explicit");
        HttpResponse<String> r = send("POST", "/api/v1/namespaces/mf/configmaps", cm.formatted("u"),
                "my-tool/1.0 (linux)");
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.body()).contains("\"manager\":\"my-tool\"").contains("\"operation\":\"Update\"");
        assertThat(entries("-n", "mf", "cm", "u").keySet()).containsExactly("my-tool");
    }

    @Test
    void invalidFieldManagerIsRejected() throws Exception {
        String cm = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"long\"}}";
        HttpResponse<String> r = send("POST", "/api/v1/namespaces/mf/configmaps?fieldManager=" + "x".repeat(129), cm,
                null);
        assertThat(r.statusCode()).isEqualTo(422);
        JsonNode status = Json.parse(r.body().getBytes());
        assertThat(status.path("reason").asString()).isEqualTo("Invalid");
        assertThat(status.path("message").asString()).isEqualTo("CreateOptions.meta.k8s.io \"\" is invalid:"
                + " fieldManager: Too long: may not be more than 128 bytes");
        assertThat(status.at("/details/causes/0/field").asString()).isEqualTo("fieldManager");
        assertThat(status.at("/details/kind").asString()).isEqualTo("CreateOptions");
        assertThat(status.at("/details/group").asString()).isEqualTo("meta.k8s.io");
        assertThat(k.run("get", "-n", "mf", "cm", "long").all()).contains("NotFound");

        r = send("PATCH", "/api/v1/namespaces/mf/configmaps/long?fieldManager="
                + URLEncoder.encode("bad\u0007name", StandardCharsets.UTF_8), "{}", null);
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(Json.parse(r.body().getBytes()).path("message").asString()).startsWith(
                "PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Invalid value: ")
                .endsWith("invalid character U+0007 (at position 3)");
    }

    private HttpResponse<String> send(String method, String path, String body, String userAgent) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(k3s.url(path))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", method.equals("PATCH") ? "application/merge-patch+json" : "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body));
        if (userAgent != null) {
            b.header("User-Agent", userAgent);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
