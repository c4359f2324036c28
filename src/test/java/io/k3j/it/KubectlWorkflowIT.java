package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A kubectl user's everyday manifest workflow, with kubectl's default validation (server-side
 * field validation through OpenAPI) and no flags to work around the server: apply of a
 * multi-document manifest with a CRD and its custom resource, re-apply with changes, diff,
 * server-side dry run, server-side apply, explain, edit and the auth commands.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class KubectlWorkflowIT {

    private K3sProcess k3s;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        k3s = new K3sProcess(dir).start("--disable-agent");
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    private static String manifest(String ns, String group, String image, String extraLabel) {
        return """
                apiVersion: v1
                kind: Namespace
                metadata: {name: NS}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: NS}
                data: {mode: fast}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: NS
                  labels: {app: webEXTRA}
                spec:
                  replicas: 2
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: web
                        image: IMAGE
                        ports: [{containerPort: 80}]
                        env: [{name: MODE, value: fast}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web, namespace: NS}
                spec:
                  selector: {app: web}
                  ports: [{port: 80, targetPort: 80}]
                ---
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata: {name: widgets.GROUP}
                spec:
                  group: GROUP
                  scope: Namespaced
                  names: {plural: widgets, singular: widget, kind: Widget}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            properties:
                              size: {type: integer, minimum: 1}
                              color: {type: string}
                """.replace("NS", ns).replace("GROUP", group).replace("IMAGE", image)
                .replace("EXTRA", extraLabel);
    }

    private static String widget(String ns, String group, int size) {
        return """
                apiVersion: GROUP/v1
                kind: Widget
                metadata: {name: w1, namespace: NS}
                spec: {size: SIZE, color: red}
                """.replace("NS", ns).replace("GROUP", group).replace("SIZE", Integer.toString(size));
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.33", "1.27"})
    void applyDiffDryRunServerSideExplainEdit(String minor) throws Exception {
        Kubectl k = new Kubectl(Kubectl.binary(minor), k3s.kubeconfig);
        String v = minor.replace(".", "");
        String ns = "flow-" + v;
        String group = "flow" + v + ".example.com";
        Path file = dir.resolve("app-" + v + ".yaml");
        Files.writeString(file, manifest(ns, group, "nginx:1.27", ", tier: front"));
        String first = k.ok("apply", "-f", file.toString());
        assertThat(first).contains("namespace/" + ns + " created").contains("deployment.apps/web created")
                .contains("customresourcedefinition.apiextensions.k8s.io/widgets." + group + " created");
        k.ok("wait", "--for=condition=established", "--timeout=20s", "crd/widgets." + group);
        Path cr = dir.resolve("widget-" + v + ".yaml");
        Files.writeString(cr, widget(ns, group, 3));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(k.run("apply", "-f", cr.toString()).all()).contains("widget." + group + "/w1"));

        // a change: new image, a label dropped; diff shows it, a server dry run changes nothing
        Files.writeString(file, manifest(ns, group, "nginx:1.28", ""));
        Kubectl.Result diff = k.run("diff", "-f", file.toString());
        assertThat(diff.exit()).as(diff.all()).isEqualTo(1);
        assertThat(diff.out()).contains("-        image: nginx:1.27").contains("+        image: nginx:1.28");
        k.ok("apply", "-f", file.toString(), "--dry-run=server");
        assertThat(k.ok("get", "-n", ns, "deploy", "web", "-o", "jsonpath={.spec.template.spec.containers[0].image}"))
                .isEqualTo("nginx:1.27");
        k.ok("apply", "-f", file.toString());
        assertThat(k.ok("get", "-n", ns, "deploy", "web", "-o",
                "jsonpath={.spec.template.spec.containers[0].image} {.metadata.labels}"))
                .isEqualTo("nginx:1.28 {\"app\":\"web\"}");

        // unknown fields are refused by the server's strict field validation
        Path typo = dir.resolve("typo-" + v + ".yaml");
        Files.writeString(typo, """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: typo, namespace: NS}
                dataa: {x: y}
                """.replace("NS", ns));
        Kubectl.Result strict = k.run("apply", "-f", typo.toString());
        assertThat(strict.exit()).isNotZero();
        assertThat(strict.all()).contains("unknown field \"dataa\"");
        Files.writeString(cr, widget(ns, group, 0));
        assertThat(k.run("apply", "-f", cr.toString()).all()).contains("spec.size")
                .contains("should be greater than or equal to 1");

        // server-side apply takes over from client-side apply without conflicts, as upstream, then
        // conflicts on a field another manager changed
        Path ssa = dir.resolve("ssa-" + v + ".yaml");
        Files.writeString(ssa, """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: settings, namespace: NS}
                data: {mode: slow}
                """.replace("NS", ns));
        assertThat(k.ok("apply", "--server-side", "-f", ssa.toString())).contains("serverside-applied");
        k.ok("patch", "-n", ns, "cm", "settings", "--type=merge", "-p", "{\"data\":{\"mode\":\"patched\"}}");
        Kubectl.Result conflict = k.run("apply", "--server-side", "-f", ssa.toString());
        assertThat(conflict.exit()).isNotZero();
        assertThat(conflict.all()).contains("conflict").contains("kubectl-patch").contains(".data.mode");
        k.ok("apply", "--server-side", "--force-conflicts", "-f", ssa.toString());
        assertThat(k.ok("get", "-n", ns, "cm", "settings", "-o", "jsonpath={.data.mode}")).isEqualTo("slow");

        // explain reads the server's OpenAPI, for built-in kinds and the CRD
        assertThat(k.ok("explain", "deployment.spec.template.spec.containers")).contains("image")
                .contains("FIELDS");
        assertThat(k.ok("explain", "configmap.data")).contains("data");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(k.run("explain", "widgets." + group + ".spec").all()).contains("size"));

        // edit, with kubectl's default validation
        Path editor = dir.resolve("editor-" + v + ".sh");
        Files.writeString(editor, "#!/bin/sh\nsed -i 's/mode: slow/mode: edited/' \"$1\"\n");
        editor.toFile().setExecutable(true);
        Kubectl.Result edit = k.runWithEnv(Map.of("KUBE_EDITOR", editor.toString()), "edit", "-n", ns,
                "cm", "settings");
        assertThat(edit.exit()).as(edit.all()).isZero();
        assertThat(k.ok("get", "-n", ns, "cm", "settings", "-o", "jsonpath={.data.mode}")).isEqualTo("edited");

        // the typed create commands and the auth commands
        assertThat(k.ok("create", "configmap", "lit", "-n", ns, "--from-literal=a=1")).contains("created");
        assertThat(k.ok("create", "secret", "generic", "pw", "-n", ns, "--from-literal=p=x")).contains("created");
        assertThat(k.ok("create", "deployment", "made", "-n", ns, "--image=busybox")).contains("created");
        assertThat(k.ok("create", "namespace", "made-" + v)).contains("created");
        assertThat(k.ok("auth", "can-i", "--list", "-n", ns)).contains("Resources").contains("*.*");
        assertThat(k.ok("auth", "whoami")).contains("system:admin");

        k.ok("delete", "-f", file.toString(), "--wait=false", "--ignore-not-found");
    }
}
