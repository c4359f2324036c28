package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Cascading deletion and namespace deletion as kubectl 1.33 drives them. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GarbageCollectionKubectlIT {

    private K3sProcess k3s;
    private Kubectl k;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        k3s = new K3sProcess(dir).start("--disable-agent", "--simulated-nodes", "1");
        k = new Kubectl(Kubectl.binary("1.33"), k3s.kubeconfig);
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    /** Creates config map {@code name} in {@code ns}, owned by config map {@code owner} when not null. */
    private void configMap(String ns, String name, String owner) throws Exception {
        String refs = "";
        if (owner != null) {
            String uid = k.ok("get", "cm", "-n", ns, owner, "-o", "jsonpath={.metadata.uid}");
            refs = ",\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"" + owner
                    + "\",\"uid\":\"" + uid + "\",\"blockOwnerDeletion\":true}]";
        }
        Kubectl.Result r = k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\""
                + name + "\",\"namespace\":\"" + ns + "\"" + refs + "}}", "create", "-f", "-", "--validate=false");
        assertThat(r.exit()).as(r.all()).isZero();
    }

    private String names(String ns) throws Exception {
        return k.ok("get", "cm", "-n", ns, "-o", "jsonpath={range .items[*]}{.metadata.name} {end}");
    }

    @Test
    void cascadeModes() throws Exception {
        k.ok("create", "namespace", "cascade");
        configMap("cascade", "bg", null);
        configMap("cascade", "bg-child", "bg");
        configMap("cascade", "fg", null);
        configMap("cascade", "fg-child", "fg");
        configMap("cascade", "fg-grandchild", "fg-child");
        configMap("cascade", "or", null);
        configMap("cascade", "or-child", "or");

        assertThat(k.ok("delete", "cm", "-n", "cascade", "bg", "--cascade=background")).contains("deleted");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(names("cascade")).doesNotContain("bg"));

        // foreground: kubectl waits until the owner is gone, which needs its dependents gone first
        assertThat(k.ok("delete", "cm", "-n", "cascade", "fg", "--cascade=foreground", "--timeout=30s"))
                .contains("deleted");
        assertThat(names("cascade")).doesNotContain("fg");

        assertThat(k.ok("delete", "cm", "-n", "cascade", "or", "--cascade=orphan", "--timeout=30s")).contains("deleted");
        assertThat(names("cascade")).contains("or-child").doesNotContain("or ");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(k.ok("get", "cm", "-n", "cascade",
                "or-child", "-o", "jsonpath={.metadata.ownerReferences}")).isEmpty());
    }

    @Test
    void emptyMetadataMembersAreNotKept() throws Exception {
        Kubectl.Result r = k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"held\","
                + "\"labels\":{},\"annotations\":{},\"finalizers\":[\"example.com/hold\"]}}", "create", "-f", "-");
        assertThat(r.exit()).as(r.all()).isZero();
        assertThat(k.ok("get", "cm", "held", "-o", "jsonpath={.metadata}"))
                .contains("\"finalizers\":[\"example.com/hold\"]").doesNotContain("labels", "annotations");
        k.ok("patch", "cm", "held", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers/0\"}]");
        assertThat(k.ok("get", "cm", "held", "-o", "jsonpath={.metadata}")).doesNotContain("finalizers");
        k.ok("delete", "cm", "held", "--timeout=20s");
    }

    @Test
    void deletingANamespaceLeavesNothingBehind() throws Exception {
        k.ok("create", "namespace", "gone");
        configMap("gone", "a", null);
        configMap("gone", "b", "a");
        k.ok("create", "secret", "generic", "s", "-n", "gone", "--from-literal=k=v");
        k.runWithInput("{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"p\",\"namespace\":\"gone\"},"
                + "\"spec\":{\"nodeName\":\"sim-0\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}",
                "create", "-f", "-", "--validate=false");
        assertThat(k.ok("delete", "namespace", "gone", "--timeout=60s")).contains("deleted");
        assertThat(k.run("get", "namespace", "gone").all()).contains("NotFound");
        assertThat(k.ok("get", "cm,secret,pods", "-n", "gone", "-o", "name")).isEmpty();
    }
}
