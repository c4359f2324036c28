package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Strategic merge patch as kubectl sends it: client-side apply of a changed file, set image/env/resources,
 * rollout restart, edit, cordon/uncordon, patch --type=strategic; with the newest and the oldest kubectl.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StrategicMergePatchIT {

    private K3sProcess k3s;
    private Path dir;
    private HttpClient client;

    /** kubectl 1.33 and 1.27 unless {@code k3j.kubectl} names others. */
    static Stream<String> versions() {
        return System.getProperty("k3j.kubectl", "").isBlank() ? Stream.of("1.33", "1.27")
                : Kubectl.versions().stream();
    }

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        k3s = new K3sProcess(dir).start("--disable-agent");
        Path tls = k3s.dataDir.resolve("server/tls");
        client = Tls.mutualClient(Files.readString(tls.resolve("server-ca.crt")),
                Files.readString(tls.resolve("client-admin.crt")), Files.readString(tls.resolve("client-admin.key")));
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    /** kubectl of {@code version} and a namespace of its own. */
    private Kubectl kubectl(String version, String ns) throws Exception {
        Kubectl k = new Kubectl(Kubectl.binary(version), k3s.kubeconfig);
        k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}",
                "create", "-f", "-", "--validate=false");
        return k;
    }

    private static String ns(String prefix, String version) {
        return prefix + "-" + version.replace(".", "");
    }

    private static JsonNode json(Kubectl k, String... getArgs) throws Exception {
        List<String> args = new ArrayList<>(List.of("get"));
        args.addAll(List.of(getArgs));
        args.addAll(List.of("-o", "json"));
        return Json.parse(k.ok(args.toArray(String[]::new)).getBytes());
    }

    private static List<String> names(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(item -> out.add(item.path("name").asString()));
        return out;
    }

    private static String deployment(String image, String tier, String env) {
        return """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  labels: {app: web, tier: %s}
                spec:
                  replicas: 1
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: app
                        image: %s
                        env:
                %s        ports:
                        - containerPort: 80
                      - name: sidecar
                        image: proxy:1
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  name: web
                spec:
                  selector: {app: web}
                  ports:
                  - port: 80
                    targetPort: %s
                """.formatted(tier, image, env, tier.equals("a") ? "80" : "8080");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void clientSideApplyOfAChangedFileUpdatesTheObjects(String version) throws Exception {
        String ns = ns("apply", version);
        Kubectl k = kubectl(version, ns);
        Path file = dir.resolve("apply-" + version + ".yaml");
        Files.writeString(file, deployment("app:1", "a", """
                        - {name: A, value: "1"}
                        - {name: B, value: "2"}
                """));
        assertThat(k.ok("apply", "-n", ns, "-f", file.toString(), "--validate=false"))
                .contains("deployment.apps/web created").contains("service/web created");

        Files.writeString(file, deployment("app:2", "b", """
                        - {name: A, value: "1"}
                """));
        assertThat(k.ok("apply", "-n", ns, "-f", file.toString(), "--validate=false"))
                .contains("deployment.apps/web configured").contains("service/web configured");

        JsonNode d = json(k, "-n", ns, "deploy", "web");
        assertThat(d.at("/metadata/labels").toString()).isEqualTo("{\"app\":\"web\",\"tier\":\"b\"}");
        JsonNode containers = d.at("/spec/template/spec/containers");
        assertThat(names(containers)).containsExactly("app", "sidecar");
        assertThat(containers.get(0).path("image").asString()).isEqualTo("app:2");
        assertThat(names(containers.get(0).path("env"))).as("B removed from the file is gone").containsExactly("A");
        assertThat(containers.get(0).at("/ports/0/protocol").asString()).as("server defaults kept").isEqualTo("TCP");
        assertThat(containers.get(1).path("image").asString()).isEqualTo("proxy:1");
        JsonNode lastApplied = Json.parse(d.at("/metadata/annotations/kubectl.kubernetes.io~1last-applied-configuration")
                .asString().getBytes());
        assertThat(lastApplied.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("app:2");
        assertThat(lastApplied.at("/spec/template/spec/containers/0/env").size()).isEqualTo(1);
        assertThat(lastApplied.at("/metadata/labels/tier").asString()).isEqualTo("b");

        JsonNode svc = json(k, "-n", ns, "svc", "web");
        assertThat(svc.at("/spec/ports").size()).isEqualTo(1);
        assertThat(svc.at("/spec/ports/0/targetPort").asInt()).isEqualTo(8080);
        assertThat(svc.at("/spec/clusterIP").asString()).as("server-set fields survive").isNotEmpty();

        // removing the sidecar from the file removes it from the object; unchanged objects stay unchanged
        Files.writeString(file, Files.readString(file).replace("""
                      - name: sidecar
                        image: proxy:1
                """, ""));
        assertThat(k.ok("apply", "-n", ns, "-f", file.toString(), "--validate=false"))
                .contains("deployment.apps/web configured").contains("service/web unchanged");
        assertThat(names(json(k, "-n", ns, "deploy", "web").at("/spec/template/spec/containers")))
                .containsExactly("app");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void setCommandsAndRolloutRestart(String version) throws Exception {
        String ns = ns("set", version);
        Kubectl k = kubectl(version, ns);
        Path file = dir.resolve("set-" + version + ".yaml");
        Files.writeString(file, deployment("app:1", "a", """
                        - {name: A, value: "1"}
                """));
        k.ok("create", "-n", ns, "-f", file.toString(), "--validate=false");

        k.ok("set", "image", "-n", ns, "deploy/web", "app=app:9");
        k.ok("set", "env", "-n", ns, "deploy/web", "-c", "app", "C=3");
        JsonNode app = json(k, "-n", ns, "deploy", "web").at("/spec/template/spec/containers/0");
        assertThat(app.path("image").asString()).isEqualTo("app:9");
        assertThat(names(app.path("env"))).containsExactly("A", "C");

        k.ok("set", "env", "-n", ns, "deploy/web", "-c", "app", "A-");
        k.ok("set", "resources", "-n", ns, "deploy/web", "-c", "app", "--limits=cpu=200m,memory=64Mi");
        JsonNode d = json(k, "-n", ns, "deploy", "web");
        app = d.at("/spec/template/spec/containers/0");
        assertThat(names(app.path("env"))).containsExactly("C");
        assertThat(app.at("/resources/limits").toString()).isEqualTo("{\"cpu\":\"200m\",\"memory\":\"64Mi\"}");
        assertThat(d.at("/spec/template/spec/containers/1/image").asString()).isEqualTo("proxy:1");

        Instant before = Instant.now().minusSeconds(2);
        k.ok("rollout", "restart", "-n", ns, "deploy/web");
        String restarted = json(k, "-n", ns, "deploy", "web")
                .at("/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt").asString();
        assertThat(Instant.parse(restarted)).isAfter(before);

        k.ok("label", "-n", ns, "deploy/web", "tier=c", "--overwrite");
        k.ok("annotate", "-n", ns, "deploy/web", "note=hi");
        d = json(k, "-n", ns, "deploy", "web");
        assertThat(d.at("/metadata/labels/tier").asString()).isEqualTo("c");
        assertThat(d.at("/metadata/annotations/note").asString()).isEqualTo("hi");
        assertThat(d.at("/spec/template/metadata/labels/app").asString()).isEqualTo("web");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void editWithAnEditorScript(String version) throws Exception {
        String ns = ns("edit", version);
        Kubectl k = kubectl(version, ns);
        Path file = dir.resolve("edit-" + version + ".yaml");
        Files.writeString(file, deployment("app:1", "a", """
                        - {name: A, value: "1"}
                """));
        k.ok("create", "-n", ns, "-f", file.toString(), "--validate=false");
        Path editor = dir.resolve("editor-" + version + ".sh");
        Files.writeString(editor, """
                #!/bin/sh
                sed -i -e 's/image: app:1/image: app:edited/' \
                  -e 's/^  labels:$/  labels:\\n    edited: "yes"/' "$1"
                """);
        Files.setPosixFilePermissions(editor, PosixFilePermissions.fromString("rwxr-xr-x"));
        Kubectl.Result r = k.runWithEnv(Map.of("KUBE_EDITOR", editor.toString()),
                "edit", "-n", ns, "deploy/web", "--validate=false");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).contains("deployment.apps/web edited");
        JsonNode d = json(k, "-n", ns, "deploy", "web");
        assertThat(d.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("app:edited");
        assertThat(d.at("/metadata/labels/edited").asString()).isEqualTo("yes");
        assertThat(json(k, "-n", ns, "deploy", "web", "--show-managed-fields").at("/metadata/managedFields")
                .toString()).as("recorded under kubectl's edit manager")
                .contains("kubectl-edit");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void cordonAndUncordon(String version) throws Exception {
        Kubectl k = new Kubectl(Kubectl.binary(version), k3s.kubeconfig);
        String node = ns("node", version);
        k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + node
                + "\",\"labels\":{\"role\":\"test\"}},\"spec\":{\"podCIDRs\":[\"10.42.1.0/24\"]}}",
                "create", "-f", "-", "--validate=false");
        assertThat(k.ok("cordon", node)).contains("node/" + node + " cordoned");
        JsonNode n = json(k, "node", node);
        assertThat(n.at("/spec/unschedulable").asBoolean()).isTrue();
        assertThat(n.at("/spec/podCIDRs/0").asString()).isEqualTo("10.42.1.0/24");
        assertThat(k.ok("get", "nodes", "--field-selector", "spec.unschedulable=true", "-o", "name"))
                .contains("node/" + node);
        assertThat(k.ok("uncordon", node)).contains("node/" + node + " uncordoned");
        assertThat(json(k, "node", node).at("/spec").has("unschedulable")).isFalse();
        assertThat(json(k, "node", node).at("/metadata/labels/role").asString()).isEqualTo("test");
    }

    @ParameterizedTest
    @MethodSource("versions")
    void patchWithDirectives(String version) throws Exception {
        String ns = ns("patch", version);
        Kubectl k = kubectl(version, ns);
        Path file = dir.resolve("patch-" + version + ".yaml");
        Files.writeString(file, deployment("app:1", "a", """
                        - {name: A, value: "1"}
                """));
        k.ok("create", "-n", ns, "-f", file.toString(), "--validate=false");

        k.ok("patch", "-n", ns, "deploy", "web", "--type=strategic", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"sidecar\",\"$patch\":\"delete\"}]}}}}");
        assertThat(names(json(k, "-n", ns, "deploy", "web").at("/spec/template/spec/containers")))
                .containsExactly("app");

        // strategic is kubectl patch's default type: a new container is added, the others kept
        k.ok("patch", "-n", ns, "deploy", "web", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"log\",\"image\":\"busybox\"}]}}}}");
        assertThat(names(json(k, "-n", ns, "deploy", "web").at("/spec/template/spec/containers")))
                .containsExactly("log", "app");

        k.ok("patch", "-n", ns, "deploy", "web", "-p",
                "{\"spec\":{\"strategy\":{\"$retainKeys\":[\"type\"],\"type\":\"Recreate\"}}}");
        assertThat(json(k, "-n", ns, "deploy", "web").at("/spec/strategy").toString())
                .isEqualTo("{\"type\":\"Recreate\"}");

        Kubectl.Result bad = k.run("patch", "-n", ns, "deploy", "web", "-p",
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"image\":\"x\"}]}}}}");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.err()).contains("does not contain declared merge key: name");
    }

    @Test
    void statusCodesForMalformedAndUnsupportedPatches() throws Exception {
        HttpResponse<String> created = send("POST", "/api/v1/namespaces/default/configmaps", "application/json",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"smp\"},\"data\":{\"a\":\"1\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String path = "/api/v1/namespaces/default/configmaps/smp";

        HttpResponse<String> ok = send("PATCH", path, "application/strategic-merge-patch+json",
                "{\"data\":{\"b\":\"2\",\"a\":null}}");
        assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
        assertThat(Json.parse(ok.body().getBytes()).path("data").toString()).isEqualTo("{\"b\":\"2\"}");

        HttpResponse<String> badDirective = send("PATCH", path, "application/strategic-merge-patch+json",
                "{\"data\":{\"$patch\":\"bogus\"}}");
        assertThat(badDirective.statusCode()).isEqualTo(400);
        JsonNode status = Json.parse(badDirective.body().getBytes());
        assertThat(status.path("kind").asString()).isEqualTo("Status");
        assertThat(status.path("reason").asString()).isEqualTo("BadRequest");
        assertThat(status.path("message").asString()).isEqualTo("unknown patch type: bogus in map: map[$patch:bogus]");

        HttpResponse<String> notObject = send("PATCH", path, "application/strategic-merge-patch+json", "[]");
        assertThat(notObject.statusCode()).isEqualTo(400);

        HttpResponse<String> unsupported = send("PATCH", path, "application/apply-patch+yaml", "data: {}");
        assertThat(unsupported.statusCode()).isEqualTo(415);
        assertThat(Json.parse(unsupported.body().getBytes()).path("message").asString()).isEqualTo(
                "the body of the request was in an unknown format - accepted media types include:"
                        + " application/json-patch+json, application/merge-patch+json,"
                        + " application/strategic-merge-patch+json");
    }

    private HttpResponse<String> send(String method, String path, String contentType, String body) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(k3s.url(path))).timeout(Duration.ofSeconds(10))
                .header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
