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

/** StatefulSets and DaemonSets through kubectl 1.33's rollout commands, on simulated nodes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WorkloadRolloutIT {

    private K3sProcess k3s;
    private Kubectl k;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        k3s = new K3sProcess(dir).start("--disable-agent", "--simulated-nodes", "3");
        k = new Kubectl(Kubectl.binary("1.33"), k3s.kubeconfig);
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    static String statefulSet(String image) {
        return """
                {"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db","namespace":"default"},
                 "spec":{"replicas":2,"serviceName":"db","selector":{"matchLabels":{"app":"db"}},
                  "template":{"metadata":{"labels":{"app":"db"}},
                   "spec":{"nodeName":"sim-1","containers":[{"name":"c","image":"%s"}]}}}}""".formatted(image);
    }

    @Test
    void statefulSetRolloutStatusHistoryAndUndo() throws Exception {
        k.runWithInput(statefulSet("redis:7"), "apply", "-f", "-");
        assertThat(k.ok("rollout", "status", "statefulset/db", "--timeout=40s"))
                .contains("partitioned roll out complete", "2 new pods have been updated")
                .doesNotContain("error");
        k.runWithInput(statefulSet("redis:8"), "apply", "-f", "-");
        assertThat(k.ok("rollout", "status", "statefulset/db", "--timeout=40s"))
                .contains("2 new pods have been updated");
        assertThat(k.ok("get", "pod", "db-0", "-o", "jsonpath={.spec.containers[0].image}")).isEqualTo("redis:8");
        String history = k.ok("rollout", "history", "statefulset/db");
        assertThat(history).contains("statefulset.apps/db").contains("REVISION").containsPattern("(?m)^1\\s")
                .containsPattern("(?m)^2\\s");
        assertThat(k.ok("rollout", "history", "statefulset/db", "--revision=1")).contains("redis:7");
        assertThat(k.ok("get", "controllerrevisions", "-l", "app=db", "-o", "name").lines().count()).isEqualTo(2);

        assertThat(k.ok("rollout", "undo", "statefulset/db")).contains("rolled back");
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(k.ok("get", "pod", "db-0", "db-1", "-o", "jsonpath={.items[*].spec.containers[0].image}"))
                        .isEqualTo("redis:7 redis:7"));
        assertThat(k.ok("rollout", "history", "statefulset/db")).containsPattern("(?m)^3\\s")
                .doesNotContainPattern("(?m)^1\\s");
        assertThat(k.ok("describe", "statefulset", "db")).contains("SuccessfulCreate")
                .contains("create Pod db-0 in StatefulSet db successful");
    }

    @Test
    void daemonSetHistoryAndPodsPerNode() throws Exception {
        k.runWithInput("""
                {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent","namespace":"default"},
                 "spec":{"selector":{"matchLabels":{"app":"agent"}},
                  "template":{"metadata":{"labels":{"app":"agent"}},
                   "spec":{"containers":[{"name":"c","image":"busybox:1"}]}}}}""", "apply", "-f", "-");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(k.ok("get", "pods", "-l", "app=agent", "-o", "name").lines().count()).isEqualTo(3));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(k.ok("get", "daemonset", "agent")).containsPattern("agent\\s+3\\s+3\\s+3\\s+3\\s+3"));
        assertThat(k.ok("get", "pods", "-l", "app=agent", "-o",
                "jsonpath={range .items[*]}{.spec.nodeName}{\"\\n\"}{end}").lines().sorted().toList())
                .containsExactly("sim-0", "sim-1", "sim-2");
        assertThat(k.ok("get", "pods", "-l", "app=agent", "-o",
                "jsonpath={range .items[*]}{.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution"
                        + ".nodeSelectorTerms[0].matchFields[0].values[0]}{\"\\n\"}{end}").lines().sorted().toList())
                .containsExactly("sim-0", "sim-1", "sim-2");
        k.ok("set", "image", "daemonset/agent", "c=busybox:2");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(k.ok("rollout", "history", "daemonset/agent")).containsPattern("(?m)^2\\s"));
        assertThat(k.ok("rollout", "history", "daemonset/agent", "--revision=1")).contains("busybox:1");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(k.ok("get", "pods", "-l", "app=agent", "-o",
                        "jsonpath={.items[*].spec.containers[0].image}")).isEqualTo("busybox:2 busybox:2 busybox:2"));
        assertThat(k.ok("rollout", "status", "daemonset/agent", "--timeout=60s")).contains("successfully rolled out");
        assertThat(k.ok("describe", "daemonset", "agent")).contains("SuccessfulCreate").contains("Created pod: agent-");
    }
}
