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

/** The scheduler as kubectl 1.33 shows it, against k3s with three simulated nodes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulerKubectlIT {

    private K3sProcess k3s;
    private Kubectl k;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        k3s = new K3sProcess(dir).start("--disable-agent", "--simulated-nodes", "3");
        k = new Kubectl(Kubectl.binary("1.33"), k3s.kubeconfig);
        k.ok("wait", "--for=condition=Ready", "node", "--all", "--timeout=30s");
    }

    @AfterAll
    void stop() throws Exception {
        k3s.close();
    }

    @Test
    void podWithoutNodeNameIsScheduledAndRuns() throws Exception {
        k.ok("run", "web", "--image=nginx:1.27");
        assertThat(k.ok("wait", "--for=condition=Ready", "pod/web", "--timeout=30s")).contains("condition met");
        assertThat(k.ok("get", "pod", "web", "-o", "jsonpath={.spec.nodeName}")).matches("sim-[012]");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(k.ok("describe", "pod", "web")).containsPattern(
                        "Normal\\s+Scheduled\\s+\\S+\\s+default-scheduler\\s+Successfully assigned default/web to sim-[012]"));
    }

    @Test
    void describeShowsWhyAPodIsUnschedulable() throws Exception {
        k.runWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"huge","namespace":"default"},
                 "spec":{"containers":[{"name":"c","image":"nginx","resources":{"requests":{"cpu":"64"}}}]}}""",
                "create", "-f", "-");
        String message = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: "
                + "3 No preemption victims found for incoming pod.";
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(k.ok("describe", "pod", "huge")).containsPattern(
                        "Warning\\s+FailedScheduling\\s+\\S+\\s+default-scheduler\\s+" + message.replace(".", "\\.")));
        String describe = k.ok("describe", "pod", "huge");
        assertThat(describe).containsPattern("PodScheduled\\s+False");
        assertThat(describe).containsPattern("Node:\\s+<none>");
        assertThat(k.ok("get", "pod", "huge", "-o", "jsonpath={.status.conditions[0].reason}"))
                .isEqualTo("Unschedulable");
        assertThat(k.ok("get", "pod", "huge")).contains("Pending");
    }

    @Test
    void bindingsAreDiscoverableAndKubectlCanBind() throws Exception {
        assertThat(k.ok("api-resources", "--api-group=", "-o", "name")).contains("bindings\n");
        k.runWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"by-hand","namespace":"default"},
                 "spec":{"schedulerName":"my-scheduler","containers":[{"name":"c","image":"nginx"}]}}""",
                "create", "-f", "-");
        k.runWithInput("""
                {"apiVersion":"v1","kind":"Binding","metadata":{"name":"by-hand","namespace":"default"},
                 "target":{"apiVersion":"v1","kind":"Node","name":"sim-1"}}""", "create", "-f", "-");
        assertThat(k.ok("get", "pod", "by-hand", "-o", "jsonpath={.spec.nodeName}")).isEqualTo("sim-1");
    }

    @Test
    void cordonedNodesAreAvoided() throws Exception {
        k.ok("cordon", "sim-0");
        k.ok("cordon", "sim-1");
        try {
            for (int i = 0; i < 3; i++) {
                k.ok("run", "after-cordon-" + i, "--image=nginx:1.27");
            }
            for (int i = 0; i < 3; i++) {
                String pod = "after-cordon-" + i;
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                        assertThat(k.ok("get", "pod", pod, "-o", "jsonpath={.spec.nodeName}")).isEqualTo("sim-2"));
            }
        } finally {
            k.ok("uncordon", "sim-0");
            k.ok("uncordon", "sim-1");
        }
    }
}
