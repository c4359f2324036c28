package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Everyday kubectl reads and writes against a real server, with the newest and oldest kubectl installed. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiServerIT {

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

    private Kubectl kubectl(String minor) {
        return new Kubectl(Kubectl.binary(minor), k3s.kubeconfig);
    }

    @ParameterizedTest
    @MethodSource("io.k3j.it.Kubectl#versions")
    void discoveryAndBootstrapObjects(String minor) throws Exception {
        Kubectl k = kubectl(minor);
        assertThat(k.ok("api-versions")).contains("v1\n").contains("apps/v1").contains("rbac.authorization.k8s.io/v1");
        String resources = k.ok("api-resources");
        assertThat(resources).contains("configmaps").contains("cm").contains("deployments").contains("deploy");
        assertThat(k.ok("get", "namespaces", "-o", "name")).contains("namespace/default", "namespace/kube-system",
                "namespace/kube-public", "namespace/kube-node-lease");
        String svc = k.ok("get", "svc", "kubernetes");
        assertThat(svc).contains("NAME").contains("CLUSTER-IP").contains("10.43.0.1").contains("443/TCP");
        assertThat(k.ok("get", "all", "-A")).contains("service/kubernetes");
        String endpoints = k.ok("get", "endpoints", "kubernetes", "-o", "jsonpath={.subsets[0].ports[0].port}");
        assertThat(k.ok("get", "endpointslice", "kubernetes", "-o", "jsonpath={.ports[0].port}"))
                .isNotEmpty().isEqualTo(endpoints);
    }

    @ParameterizedTest
    @MethodSource("io.k3j.it.Kubectl#versions")
    void configMapLifecycle(String minor) throws Exception {
        Kubectl k = kubectl(minor);
        String ns = "cm-" + minor.replace(".", "-");
        k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}",
                "create", "-f", "-", "--validate=false");
        Path file = dir.resolve("cm-" + minor + ".yaml");
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
        assertThat(k.ok("create", "-n", ns, "-f", file.toString(), "--validate=false")).contains("configmap/demo created");
        assertThat(k.run("create", "-n", ns, "-f", file.toString(), "--validate=false").all())
                .contains("AlreadyExists").contains("\"demo\" already exists");
        String table = k.ok("get", "-n", ns, "configmaps", "--show-labels");
        assertThat(table).contains("NAME").contains("DATA").contains("AGE").contains("LABELS").contains("app=demo");
        assertThat(k.ok("get", "-n", ns, "cm", "demo", "-o", "jsonpath={.data.b}")).isEqualTo("2");
        assertThat(k.ok("get", "-n", ns, "cm", "demo", "-o", "yaml")).contains("resourceVersion:").contains("uid:");
        assertThat(k.ok("label", "-n", ns, "cm", "demo", "tier=web")).contains("labeled");
        assertThat(k.ok("annotate", "-n", ns, "cm", "demo", "note=hello")).contains("configmap/demo annotate");
        assertThat(k.ok("get", "-n", ns, "cm", "-l", "tier=web", "-o", "name")).isEqualTo("configmap/demo\n");
        assertThat(k.ok("get", "-n", ns, "cm", "-l", "tier!=web", "-o", "name"))
                .isIn("", "configmap/kube-root-ca.crt\n");
        assertThat(k.ok("get", "-n", ns, "cm", "--field-selector", "metadata.name=demo", "-o", "name"))
                .isEqualTo("configmap/demo\n");
        k.ok("patch", "-n", ns, "cm", "demo", "--type=merge", "-p", "{\"data\":{\"c\":\"3\"}}");
        k.ok("patch", "-n", ns, "cm", "demo", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/data/a\"}]");
        assertThat(k.ok("get", "-n", ns, "cm", "demo", "-o", "jsonpath={.data}")).isEqualTo("{\"b\":\"2\",\"c\":\"3\"}");
        String json = k.ok("get", "-n", ns, "cm", "demo", "-o", "json");
        Files.writeString(file, json.replace("\"b\": \"2\"", "\"b\": \"22\""));
        assertThat(k.ok("replace", "-f", file.toString(), "--validate=false")).contains("replaced");
        assertThat(k.ok("get", "-n", ns, "cm", "demo", "-o", "jsonpath={.data.b}")).isEqualTo("22");
        // a stale resourceVersion is a conflict
        assertThat(k.run("replace", "-f", file.toString(), "--validate=false").all()).contains("Conflict")
                .contains("the object has been modified");
        String described = k.ok("describe", "-n", ns, "cm", "demo");
        assertThat(described).contains("Name:").contains("demo").contains("tier=web").contains("note: hello");
        assertThat(k.ok("delete", "-n", ns, "cm", "demo")).contains("deleted");
        assertThat(k.run("get", "-n", ns, "cm", "demo").all()).contains("NotFound");
        assertThat(k.ok("delete", "namespace", ns)).contains("deleted");
        assertThat(k.run("get", "namespace", ns).all()).contains("NotFound");
    }

    @ParameterizedTest
    @MethodSource("io.k3j.it.Kubectl#versions")
    void watchSeesChangesAsTheyHappen(String minor) throws Exception {
        Kubectl k = kubectl(minor);
        Path out = dir.resolve("watch-" + minor + ".txt");
        Process watch = k.start(out, "get", "secrets", "-n", "default", "-w", "--output-watch-events");
        try {
            await().atMost(Duration.ofSeconds(20)).until(() -> Files.size(out) > 0 || true);
            Thread.sleep(1500);
            String name = "w" + minor.replace(".", "");
            k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Secret\",\"metadata\":{\"name\":\"" + name
                    + "\"},\"stringData\":{\"k\":\"v\"}}", "create", "-n", "default", "-f", "-", "--validate=false");
            k.ok("label", "-n", "default", "secret", name, "x=y");
            k.ok("delete", "-n", "default", "secret", name);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(Files.readString(out)).contains("ADDED").contains("MODIFIED").contains("DELETED"));
            List<String> lines = Files.readAllLines(out);
            assertThat(lines.stream().filter(l -> l.contains(name)).map(l -> l.trim().split("\\s+")[0]).toList())
                    .containsSubsequence("ADDED", "MODIFIED", "DELETED");
        } finally {
            watch.destroy();
        }
    }

    @ParameterizedTest
    @MethodSource("io.k3j.it.Kubectl#versions")
    void workloadsServicesAndScale(String minor) throws Exception {
        Kubectl k = kubectl(minor);
        String ns = "wl-" + minor.replace(".", "-");
        k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}",
                "create", "-f", "-", "--validate=false");
        Path file = dir.resolve("wl-" + minor + ".yaml");
        Files.writeString(file, """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, labels: {app: web}}
                spec:
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers: [{name: nginx, image: nginx:1.25, ports: [{containerPort: 80}]}]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  type: NodePort
                  selector: {app: web}
                  ports: [{port: 80}]
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: creds}
                stringData: {password: hunter2}
                """);
        k.ok("create", "-n", ns, "-f", file.toString(), "--validate=false");
        // defaults as upstream sets them
        assertThat(k.ok("get", "-n", ns, "deploy", "web", "-o", "jsonpath={.spec.replicas} {.spec.strategy.type}"
                + " {.spec.template.spec.containers[0].imagePullPolicy} {.metadata.generation}"))
                .isEqualTo("1 RollingUpdate IfNotPresent 1");
        assertThat(k.ok("scale", "-n", ns, "deploy", "web", "--replicas=3")).contains("scaled");
        assertThat(k.ok("get", "-n", ns, "deploy", "web", "-o", "jsonpath={.spec.replicas} {.metadata.generation}"))
                .isEqualTo("3 2");
        String wide = k.ok("get", "-n", ns, "deploy", "-o", "wide");
        assertThat(wide).contains("CONTAINERS").contains("IMAGES").contains("nginx:1.25").contains("app=web");
        String svc = k.ok("get", "-n", ns, "svc", "web", "-o", "jsonpath={.spec.clusterIP} {.spec.ports[0].nodePort}");
        assertThat(svc).matches("10\\.43\\.\\d+\\.\\d+ 3\\d{4}");
        assertThat(k.ok("get", "-n", ns, "secret", "creds", "-o", "jsonpath={.data.password}")).isEqualTo("aHVudGVyMg==");
        assertThat(k.ok("describe", "-n", ns, "deploy", "web")).contains("Replicas:").contains("3 desired")
                .contains("RollingUpdate");
        assertThat(k.ok("describe", "-n", ns, "svc", "web")).contains("NodePort").contains("80/TCP");
        assertThat(k.ok("describe", "-n", ns, "secret", "creds")).contains("password:").contains("7 bytes");
        assertThat(k.ok("describe", "namespace", ns)).contains("Active");
        assertThat(k.ok("get", "all", "-n", ns)).contains("deployment.apps/web").contains("service/web");
        assertThat(k.ok("get", "deploy", "-A")).contains(ns);
        assertThat(k.ok("delete", "-n", ns, "deploy,svc,secret", "--all")).contains("deleted");
        assertThat(k.ok("get", "-n", ns, "deploy,svc,secret", "-o", "name")).isEmpty();
        Kubectl.Result bad = k.runWithInput("{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":"
                + "{\"name\":\"bad\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":"
                + "{\"metadata\":{\"labels\":{\"a\":\"c\"}},\"spec\":{\"containers\":[{\"name\":\"x\"}]}}}}",
                "create", "-n", ns, "-f", "-", "--validate=false");
        assertThat(bad.all()).contains("is invalid").contains("spec.template.metadata.labels")
                .contains("spec.template.spec.containers[0].image");
    }

    @Test
    void getPrintsUpstreamColumnsForStorageSchedulingNetworkingAndRbacKinds() throws Exception {
        Kubectl k = kubectl("1.33");
        String ns = "tables";
        k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + ns + "\"}}",
                "create", "-f", "-", "--validate=false");
        Path file = dir.resolve("tables.yaml");
        Files.writeString(file, """
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata:
                  name: local-path
                  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
                provisioner: rancher.io/local-path
                volumeBindingMode: WaitForFirstConsumer
                ---
                apiVersion: scheduling.k8s.io/v1
                kind: PriorityClass
                metadata: {name: batch-low}
                value: -10
                preemptionPolicy: Never
                ---
                apiVersion: networking.k8s.io/v1
                kind: Ingress
                metadata: {name: web, namespace: tables}
                spec:
                  ingressClassName: traefik
                  rules: [{host: web.example.com}]
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data, namespace: tables}
                spec:
                  accessModes: [ReadWriteOnce]
                  storageClassName: local-path
                  resources: {requests: {storage: 1Gi}}
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: Role
                metadata: {name: reader, namespace: tables}
                rules: [{apiGroups: [""], resources: [pods], verbs: [get]}]
                """);
        k.ok("create", "-f", file.toString(), "--validate=false");
        String out = k.ok("get", "-n", ns, "storageclasses,priorityclasses,ingresses,pvc,roles");
        assertThat(out).containsPattern("NAME\\s+PROVISIONER\\s+RECLAIMPOLICY\\s+VOLUMEBINDINGMODE\\s+"
                        + "ALLOWVOLUMEEXPANSION\\s+AGE\\n")
                .containsPattern("storageclass.storage.k8s.io/local-path \\(default\\)\\s+rancher.io/local-path\\s+"
                        + "Delete\\s+WaitForFirstConsumer\\s+false\\s+\\d+s")
                .containsPattern("NAME\\s+VALUE\\s+GLOBAL-DEFAULT\\s+AGE\\s+PREEMPTIONPOLICY\\n")
                .containsPattern("priorityclass.scheduling.k8s.io/batch-low\\s+-10\\s+false\\s+\\d+s\\s+Never")
                .containsPattern("NAME\\s+CLASS\\s+HOSTS\\s+ADDRESS\\s+PORTS\\s+AGE\\n")
                .containsPattern("ingress.networking.k8s.io/web\\s+traefik\\s+web.example.com\\s+80\\s+\\d+s")
                .containsPattern("NAME\\s+STATUS\\s+VOLUME\\s+CAPACITY\\s+ACCESS MODES\\s+STORAGECLASS\\s+"
                        + "VOLUMEATTRIBUTESCLASS\\s+AGE\\n")
                .containsPattern("persistentvolumeclaim/data\\s+local-path\\s+<unset>\\s+\\d+s")
                .containsPattern("NAME\\s+CREATED AT\\n")
                .containsPattern("role.rbac.authorization.k8s.io/reader\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(k.ok("get", "pc", "batch-low", "-o", "wide")).containsPattern("batch-low\\s+-10\\s+false");
    }

    @ParameterizedTest
    @MethodSource("io.k3j.it.Kubectl#versions")
    void errorsAreStatuses(String minor) throws Exception {
        Kubectl k = kubectl(minor);
        assertThat(k.run("get", "cm", "missing").all()).contains("NotFound").contains("configmaps \"missing\" not found");
        assertThat(k.run("get", "nosuchthings").all()).contains("the server doesn't have a resource type \"nosuchthings\"");
        String bad = k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"Bad_Name\"}}",
                "create", "-f", "-", "--validate=false").all();
        assertThat(bad).contains("is invalid").contains("metadata.name");
        String noNs = k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"x\","
                + "\"namespace\":\"nope\"}}", "create", "-f", "-", "--validate=false").all();
        assertThat(noNs).contains("namespaces \"nope\" not found");
    }
}
