package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** CustomResourceDefinitions and their custom resources, driven by the installed kubectl. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CustomResourceIT {

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

    private static String crd(String group) {
        return """
                apiVersion: apiextensions.k8s.io/v1
                kind: CustomResourceDefinition
                metadata:
                  name: crontabs.GROUP
                spec:
                  group: GROUP
                  scope: Namespaced
                  names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}
                  versions:
                  - name: v1
                    served: true
                    storage: true
                    subresources: {status: {}}
                    additionalPrinterColumns:
                    - {name: Spec, type: string, jsonPath: .spec.cronSpec}
                    - {name: Replicas, type: integer, jsonPath: .spec.replicas}
                    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
                    schema:
                      openAPIV3Schema:
                        type: object
                        properties:
                          spec:
                            type: object
                            required: [cronSpec]
                            properties:
                              cronSpec: {type: string, pattern: '^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'}
                              image: {type: string}
                              replicas: {type: integer, minimum: 1, maximum: 10, default: 1}
                          status:
                            type: object
                            properties:
                              replicas: {type: integer}
                """.replace("GROUP", group);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.33", "1.27"})
    void aDefinitionServesValidatedCustomResourcesUntilItIsDeleted(String minor) throws Exception {
        Kubectl k = new Kubectl(Kubectl.binary(minor), k3s.kubeconfig);
        String group = "v" + minor.replace(".", "") + ".example.com";
        String ns = "ct-" + minor.replace(".", "-");
        k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}",
                "create", "-f", "-", "--validate=false");
        Path def = dir.resolve("crd-" + minor + ".yaml");
        Files.writeString(def, crd(group));
        k.ok("create", "-f", def.toString(), "--validate=false");
        k.ok("wait", "--for=condition=established", "--timeout=20s", "crd/crontabs." + group);
        assertThat(k.ok("get", "crd", "crontabs." + group, "-o",
                "jsonpath={.status.acceptedNames.kind} {.status.storedVersions}")).isEqualTo("CronTab [\"v1\"]");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(k.ok("api-resources", "--api-group=" + group)).contains("crontabs").contains("ct")
                        .contains("CronTab"));

        Path cr = dir.resolve("cr-" + minor + ".yaml");
        Files.writeString(cr, """
                apiVersion: GROUP/v1
                kind: CronTab
                metadata: {name: my-cron}
                spec: {cronSpec: "* * * * */5", image: my-cron-image, extra: dropped}
                status: {replicas: 7}
                """.replace("GROUP", group));
        k.ok("create", "-n", ns, "-f", cr.toString(), "--validate=false");
        String table = k.ok("get", "-n", ns, "crontabs." + group);
        assertThat(table).contains("SPEC").contains("REPLICAS").contains("AGE").contains("* * * * */5");
        assertThat(k.ok("get", "-n", ns, "crontabs." + group, "my-cron", "-o",
                "jsonpath={.spec.replicas} {.spec.extra} {.status.replicas}"))
                .as("defaulted, pruned, status only through /status").isEqualTo("1  ");
        k.ok("patch", "-n", ns, "crontabs." + group, "my-cron", "--subresource=status", "--type=merge", "-p",
                "{\"status\":{\"replicas\":3}}");
        k.ok("patch", "-n", ns, "crontabs." + group, "my-cron", "--type=merge", "-p",
                "{\"spec\":{\"image\":\"v2\"},\"status\":{\"replicas\":9}}");
        assertThat(k.ok("get", "-n", ns, "crontabs." + group, "my-cron", "-o",
                "jsonpath={.spec.image} {.status.replicas} {.metadata.generation}")).isEqualTo("v2 3 2");

        Kubectl.Result bad = k.runWithInput("""
                {"apiVersion":"GROUP/v1","kind":"CronTab","metadata":{"name":"bad"},
                 "spec":{"cronSpec":"never","replicas":20}}""".replace("GROUP", group),
                "create", "-n", ns, "-f", "-", "--validate=false");
        assertThat(bad.exit()).isNotZero();
        assertThat(bad.all()).contains("is invalid").contains("spec.replicas")
                .contains("should be less than or equal to 10").contains("spec.cronSpec");

        k.ok("delete", "crd", "crontabs." + group);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(k.run("get", "crd", "crontabs." + group).all()).contains("NotFound"));
        assertThat(k.run("get", "-n", ns, "crontabs." + group).exit()).isNotZero();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.33"})
    void badDefinitionsAreRefused(String minor) throws Exception {
        Kubectl k = new Kubectl(Kubectl.binary(minor), k3s.kubeconfig);
        Kubectl.Result wrongName = k.runWithInput("""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"wrong.example.com"},
                 "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"things","kind":"Thing"},
                   "versions":[{"name":"v1","served":true,"storage":true,
                     "schema":{"openAPIV3Schema":{"type":"object"}}}]}}""", "create", "-f", "-", "--validate=false");
        assertThat(wrongName.all()).contains("is invalid").contains("metadata.name")
                .contains("must be spec.names.plural+\".\"+spec.group");
        Kubectl.Result twoStorage = k.runWithInput("""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"things.example.com"},
                 "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"things","kind":"Thing"},
                   "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object"}}},
                     {"name":"v2","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object"}}}]}}""",
                "create", "-f", "-", "--validate=false");
        assertThat(twoStorage.all()).contains("must have exactly one version marked as storage version");
        Kubectl.Result nonStructural = k.runWithInput("""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"things.example.com"},
                 "spec":{"group":"example.com","scope":"Namespaced","names":{"plural":"things","kind":"Thing"},
                   "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":
                     {"type":"object","properties":{"spec":{"properties":{"a":{"type":"string"}}}}}}}]}}""",
                "create", "-f", "-", "--validate=false");
        assertThat(nonStructural.all()).contains("is invalid")
                .contains("spec.versions[0].schema.openAPIV3Schema.properties[spec].type")
                .contains("must not be empty for specified object fields");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.33"})
    void versionsShareOneStorageAndShowTheirOwnApiVersion(String minor) throws Exception {
        Kubectl k = new Kubectl(Kubectl.binary(minor), k3s.kubeconfig);
        k.runWithInput("""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"gadgets.multi.example.com"},
                 "spec":{"group":"multi.example.com","scope":"Cluster",
                   "names":{"plural":"gadgets","kind":"Gadget"},
                   "versions":[
                     {"name":"v1beta1","served":true,"storage":false,"schema":{"openAPIV3Schema":{"type":"object",
                       "properties":{"spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}},
                     {"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object",
                       "properties":{"spec":{"type":"object","x-kubernetes-preserve-unknown-fields":true}}}}}]}}""",
                "create", "-f", "-", "--validate=false");
        k.ok("wait", "--for=condition=established", "--timeout=20s", "crd/gadgets.multi.example.com");
        await().atMost(Duration.ofSeconds(10)).until(() -> k.run("get", "gadgets.v1beta1.multi.example.com").exit() == 0);
        k.runWithInput("""
                {"apiVersion":"multi.example.com/v1beta1","kind":"Gadget","metadata":{"name":"g"},"spec":{"a":1}}""",
                "create", "-f", "-", "--validate=false");
        assertThat(k.ok("get", "gadgets.v1.multi.example.com", "g", "-o", "jsonpath={.apiVersion} {.spec.a}"))
                .isEqualTo("multi.example.com/v1 1");
        assertThat(k.ok("get", "gadgets.v1beta1.multi.example.com", "g", "-o", "jsonpath={.apiVersion}"))
                .isEqualTo("multi.example.com/v1beta1");
        assertThat(k.ok("get", "gadgets.v1beta1.multi.example.com", "-o", "jsonpath={.items[0].apiVersion}"))
                .isEqualTo("multi.example.com/v1beta1");
        assertThat(k.ok("get", "crd", "gadgets.multi.example.com", "-o", "jsonpath={.status.storedVersions}"))
                .isEqualTo("[\"v1\"]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.33"})
    void scaleAndServerSideApplyWorkOnCustomResources(String minor) throws Exception {
        Kubectl k = new Kubectl(Kubectl.binary(minor), k3s.kubeconfig);
        k.runWithInput("""
                {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
                 "metadata":{"name":"pools.scale.example.com"},
                 "spec":{"group":"scale.example.com","scope":"Namespaced",
                   "names":{"plural":"pools","kind":"Pool"},
                   "versions":[{"name":"v1","served":true,"storage":true,
                     "subresources":{"status":{},"scale":{"specReplicasPath":".spec.size",
                       "statusReplicasPath":".status.ready","labelSelectorPath":".status.selector"}},
                     "schema":{"openAPIV3Schema":{"type":"object","properties":{
                       "spec":{"type":"object","properties":{"size":{"type":"integer"},"tier":{"type":"string"}}},
                       "status":{"type":"object","properties":{"ready":{"type":"integer"},
                         "selector":{"type":"string"}}}}}}}]}}""", "create", "-f", "-", "--validate=false");
        k.ok("wait", "--for=condition=established", "--timeout=20s", "crd/pools.scale.example.com");
        Path pool = dir.resolve("pool.yaml");
        Files.writeString(pool, """
                apiVersion: scale.example.com/v1
                kind: Pool
                metadata: {name: p, namespace: default}
                spec: {size: 2, tier: gold}
                """);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(k.run("apply", "--server-side", "-f", pool.toString()).all()).contains("serverside-applied"));
        assertThat(k.ok("scale", "pools.scale.example.com/p", "--replicas=5")).contains("scaled");
        assertThat(k.ok("get", "pools.scale.example.com", "p", "-o", "jsonpath={.spec.size}")).isEqualTo("5");
        assertThat(k.ok("get", "--raw", "/apis/scale.example.com/v1/namespaces/default/pools/p/scale"))
                .contains("\"replicas\":5").contains("\"kind\":\"Scale\"");
        Kubectl.Result conflict = k.run("apply", "--server-side", "-f", pool.toString());
        assertThat(conflict.all()).contains("conflict").contains(".spec.size");
        Files.writeString(pool, """
                apiVersion: scale.example.com/v1
                kind: Pool
                metadata: {name: p, namespace: default}
                spec: {size: 5}
                """);
        k.ok("apply", "--server-side", "--force-conflicts", "-f", pool.toString());
        assertThat(k.ok("get", "pools.scale.example.com", "p", "-o", "jsonpath={.spec.size} {.spec.tier}"))
                .as("the field the manifest no longer has is gone").isEqualTo("5 ");
    }
}
