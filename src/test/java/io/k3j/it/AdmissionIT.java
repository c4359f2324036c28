package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The built-in admission plugins as kubectl users meet them, against a real server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdmissionIT {

    private K3sProcess k3s;
    private Path dir;
    private Kubectl k;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        k3s = new K3sProcess(dir).start("--disable-agent");
        k = new Kubectl(Kubectl.binary("1.33"), k3s.kubeconfig);
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    private String create(String ns, String name, String yaml) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return ns == null ? k.ok("create", "-f", file.toString(), "--validate=false")
                : k.ok("create", "-n", ns, "-f", file.toString(), "--validate=false");
    }

    private Kubectl.Result tryCreate(String ns, String name, String yaml) throws Exception {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return k.run("create", "-n", ns, "-f", file.toString(), "--validate=false");
    }

    private void namespace(String ns) throws Exception {
        create(null, "ns-" + ns, "apiVersion: v1\nkind: Namespace\nmetadata: {name: " + ns + "}\n");
    }

    private static String pod(String name) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s}
                spec:
                  containers:
                  - {name: app, image: nginx}
                """.formatted(name);
    }

    @Test
    void limitRangeDefaultsAPodsResources() throws Exception {
        namespace("limits");
        create("limits", "lr", """
                apiVersion: v1
                kind: LimitRange
                metadata: {name: defaults}
                spec:
                  limits:
                  - type: Container
                    default: {cpu: 500m, memory: 256Mi}
                    defaultRequest: {cpu: 100m, memory: 128Mi}
                    min: {cpu: 50m}
                """);
        create("limits", "lr-pod", pod("web"));
        assertThat(k.ok("get", "-n", "limits", "pod", "web", "-o", "jsonpath={.spec.containers[0].resources}"))
                .isEqualTo("{\"limits\":{\"cpu\":\"500m\",\"memory\":\"256Mi\"},"
                        + "\"requests\":{\"cpu\":\"100m\",\"memory\":\"128Mi\"}}");
        assertThat(k.ok("get", "-n", "limits", "pod", "web", "-o",
                "jsonpath={.metadata.annotations.kubernetes\\.io/limit-ranger}"))
                .isEqualTo("LimitRanger plugin set: cpu, memory request for container app; cpu, memory limit for"
                        + " container app");
        assertThat(k.ok("get", "-n", "limits", "pod", "web", "-o", "jsonpath={.status.qosClass}"))
                .isEqualTo("Burstable");
        Kubectl.Result tooSmall = tryCreate("limits", "lr-small", pod("small").replace("image: nginx}",
                "image: nginx, resources: {requests: {cpu: 10m}}}"));
        assertThat(tooSmall.exit()).isNotZero();
        assertThat(tooSmall.err()).contains("pods \"small\" is forbidden: minimum cpu usage per Container is 50m,"
                + " but request is 10m");
    }

    @Test
    void quotaRejectsTheSecondPodAndDescribeShowsUsage() throws Exception {
        namespace("quota");
        create("quota", "q", """
                apiVersion: v1
                kind: ResourceQuota
                metadata: {name: pods-one}
                spec:
                  hard: {pods: "1", configmaps: "10"}
                """);
        create("quota", "q-first", pod("first"));
        Kubectl.Result second = tryCreate("quota", "q-second", pod("second"));
        assertThat(second.exit()).isNotZero();
        assertThat(second.err()).contains("Error from server (Forbidden)").contains("pods \"second\" is forbidden:"
                + " exceeded quota: pods-one, requested: pods=1, used: pods=1, limited: pods=1");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(k.ok("describe", "-n", "quota", "quota", "pods-one"))
                        .containsPattern("Resource\\s+Used\\s+Hard")
                        .containsPattern("pods\\s+1\\s+1")
                        // kube-root-ca.crt, published in every namespace
                        .containsPattern("configmaps\\s+1\\s+10"));
        k.ok("delete", "-n", "quota", "pod", "first", "--wait=false");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(k.ok("get", "-n", "quota", "quota", "pods-one", "-o", "jsonpath={.status.used.pods}"))
                        .isEqualTo("0"));
        create("quota", "q-second", pod("second"));
    }

    @Test
    void defaultStorageClassIsFilledIntoAClaim() throws Exception {
        namespace("storage");
        create(null, "sc", """
                apiVersion: storage.k8s.io/v1
                kind: StorageClass
                metadata:
                  name: local-path
                  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
                provisioner: rancher.io/local-path
                """);
        create("storage", "pvc", """
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: data}
                spec:
                  accessModes: [ReadWriteOnce]
                  resources: {requests: {storage: 1Gi}}
                """);
        assertThat(k.ok("get", "-n", "storage", "pvc", "data", "-o", "jsonpath={.spec.storageClassName}"))
                .isEqualTo("local-path");
    }

    @Test
    void systemNodeCriticalPodsGetTheirPriority() throws Exception {
        assertThat(k.ok("get", "priorityclasses", "-o", "name")).contains("priorityclass.scheduling.k8s.io/"
                + "system-node-critical").contains("priorityclass.scheduling.k8s.io/system-cluster-critical");
        namespace("prio");
        create("prio", "prio-pod", pod("critical").replace("spec:\n", "spec:\n  priorityClassName: system-node-critical\n"));
        assertThat(k.ok("get", "-n", "prio", "pod", "critical", "-o", "jsonpath={.spec.priority}"))
                .isEqualTo("2000001000");
        Kubectl.Result unknown = tryCreate("prio", "prio-unknown",
                pod("lost").replace("spec:\n", "spec:\n  priorityClassName: nope\n"));
        assertThat(unknown.err()).contains("pods \"lost\" is forbidden: no PriorityClass with name nope was found");
    }

    @Test
    void newNodesAreTaintedNotReady() throws Exception {
        // the created object as admission left it (the node lifecycle controller later works
        // the taint out from the node's conditions, as upstream)
        var r = k.runWithInput("""
                apiVersion: v1
                kind: Node
                metadata: {name: worker-1}
                """, "create", "-f", "-", "-o", "jsonpath={.spec.taints[*].key}:{.spec.taints[*].effect}");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(r.out()).isEqualTo("node.kubernetes.io/not-ready:NoSchedule");
    }

    @Test
    void podsGetTheDefaultServiceAccountAndItsToken() throws Exception {
        namespace("sa");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(k.ok("get", "-n", "sa", "serviceaccounts", "-o", "name")).contains("serviceaccount/default"));
        create("sa", "sa-pod", pod("app"));
        assertThat(k.ok("get", "-n", "sa", "pod", "app", "-o", "jsonpath={.spec.serviceAccountName}"))
                .isEqualTo("default");
        String volume = k.ok("get", "-n", "sa", "pod", "app", "-o", "jsonpath={.spec.volumes[0].name}");
        assertThat(volume).matches("kube-api-access-[a-z0-9]{5}");
        assertThat(k.ok("get", "-n", "sa", "pod", "app", "-o",
                "jsonpath={.spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds}"))
                .isEqualTo("3607");
        assertThat(k.ok("get", "-n", "sa", "pod", "app", "-o", "jsonpath={.spec.containers[0].volumeMounts[0]}"))
                .isEqualTo("{\"mountPath\":\"/var/run/secrets/kubernetes.io/serviceaccount\",\"name\":\"" + volume
                        + "\",\"readOnly\":true}");
        assertThat(k.ok("get", "-n", "kube-system", "serviceaccounts", "-o", "name")).contains("serviceaccount/default");
        Kubectl.Result missing = tryCreate("sa", "sa-missing", pod("robot").replace("spec:\n",
                "spec:\n  serviceAccountName: robot\n"));
        assertThat(missing.err()).contains("pods \"robot\" is forbidden: error looking up service account sa/robot:"
                + " serviceaccount \"robot\" not found");
    }
}
