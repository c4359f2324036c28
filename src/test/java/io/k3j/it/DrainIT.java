package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl cordon} and {@code kubectl drain} against a PodDisruptionBudget, with kubectl 1.33. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DrainIT {

    private K3sProcess k3s;
    private Kubectl k;
    private Path dir;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        this.dir = dir;
        k3s = new K3sProcess(dir).start("--disable-agent", "--simulated-nodes", "3");
        k = new Kubectl(Kubectl.binary("1.33"), k3s.kubeconfig);
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    static String pod(String name, String node) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"namespace\":\"default\","
                + "\"labels\":{\"app\":\"web\"}},\"spec\":{\"nodeName\":\"" + node + "\",\"containers\":[{\"name\":\"c\","
                + "\"image\":\"nginx:1.27\"}]}}";
    }

    @Test
    void drainRetriesWhileTheBudgetForbidsAndFinishesOnceItAllows() throws Exception {
        k.runWithInput(pod("web-0", "sim-0"), "create", "-f", "-");
        k.runWithInput(pod("web-1", "sim-1"), "create", "-f", "-");
        assertThat(k.ok("wait", "--for=condition=Ready", "pod/web-0", "pod/web-1", "--timeout=30s"))
                .contains("condition met");
        assertThat(k.ok("create", "poddisruptionbudget", "web", "--selector=app=web", "--min-available=2"))
                .contains("poddisruptionbudget.policy/web created");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String table = k.ok("get", "pdb", "web");
            assertThat(table.lines().findFirst().orElse(""))
                    .matches("NAME\\s+MIN AVAILABLE\\s+MAX UNAVAILABLE\\s+ALLOWED DISRUPTIONS\\s+AGE");
            assertThat(table.lines().skip(1).findFirst().orElse("")).matches("web\\s+2\\s+N/A\\s+0\\s+\\S+");
            assertThat(k.ok("get", "pdb", "web", "-o", "jsonpath={.status.currentHealthy}")).isEqualTo("2");
        });

        assertThat(k.ok("cordon", "sim-0")).contains("node/sim-0 cordoned");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(k.ok("get", "node", "sim-0", "-o",
                "jsonpath={.spec.taints}")).contains("node.kubernetes.io/unschedulable"));
        assertThat(k.ok("get", "node", "sim-0")).contains("SchedulingDisabled");

        Path out = dir.resolve("drain.out");
        Process drain = new ProcessBuilder(List.of(Kubectl.binary("1.33").toString(), "--kubeconfig",
                k3s.kubeconfig.toString(), "drain", "sim-0", "--ignore-daemonsets", "--force", "--timeout=60s"))
                .redirectErrorStream(true).redirectOutput(out.toFile()).start();
        try {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(Files.readString(out))
                    .contains("Cannot evict pod as it would violate the pod's disruption budget."));
            assertThat(drain.isAlive()).isTrue();
            assertThat(k.ok("get", "pod", "web-0", "-o", "jsonpath={.metadata.name}")).isEqualTo("web-0");

            k.ok("patch", "pdb", "web", "--type=merge", "-p", "{\"spec\":{\"minAvailable\":1}}");
            assertThat(drain.waitFor(45, TimeUnit.SECONDS)).isTrue();
            String log = Files.readString(out);
            assertThat(drain.exitValue()).as(log).isZero();
            assertThat(log).contains("evicting pod default/web-0", "pod/web-0 evicted", "node/sim-0 drained");
        } finally {
            drain.destroyForcibly();
        }
        assertThat(k.run("get", "pod", "web-0").all()).contains("NotFound");
        assertThat(k.ok("get", "pod", "web-1")).contains("Running");
        assertThat(k.ok("uncordon", "sim-0")).contains("node/sim-0 uncordoned");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(k.ok("get", "node", "sim-0", "-o",
                "jsonpath={.spec.taints}")).doesNotContain("unschedulable"));
    }
}
