package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** {@code --simulated-nodes}: simulated nodes and their pretend kubelet, seen through kubectl 1.33. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatedNodesIT {

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

    @Test
    void nodesAreRegisteredReadyAndUntainted() throws Exception {
        assertThat(k.ok("wait", "--for=condition=Ready", "node", "--all", "--timeout=30s"))
                .contains("node/sim-0 condition met", "node/sim-1 condition met", "node/sim-2 condition met");
        String table = k.ok("get", "nodes", "-l", "k3j.io/simulated=true");
        assertThat(table).contains("sim-0", "sim-1", "sim-2").doesNotContain("NotReady");
        assertThat(table.lines().filter(l -> l.contains(" Ready ")).count()).isEqualTo(3);
        assertThat(k.ok("get", "nodes", "-o", "name")).isEqualTo("node/sim-0\nnode/sim-1\nnode/sim-2\n");
        assertThat(k.ok("get", "node", "sim-2", "-o", "jsonpath={.metadata.labels.node\\.kubernetes\\.io/instance-type}"))
                .isEqualTo("k3j-simulated");
        assertThat(k.ok("get", "node", "sim-1", "-o", "jsonpath={.status.addresses[?(@.type==\"InternalIP\")].address}"))
                .isEqualTo("10.200.0.2");
        assertThat(k.ok("get", "node", "sim-1", "-o", "jsonpath={.status.nodeInfo.containerRuntimeVersion} "
                + "{.status.capacity.cpu} {.status.allocatable.pods}")).isEqualTo("simulated://1.0 8 110");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(k.ok("get", "nodes", "-o", "jsonpath={range .items[*]}{.spec.taints}{\"\\n\"}{end}"))
                        .doesNotContain("not-ready"));
    }

    @Test
    void leasesAreRenewed() throws Exception {
        String leases = k.ok("get", "leases", "-n", "kube-node-lease", "-o", "name");
        assertThat(leases).contains("lease.coordination.k8s.io/sim-0", "lease.coordination.k8s.io/sim-1",
                "lease.coordination.k8s.io/sim-2");
        assertThat(k.ok("get", "lease", "-n", "kube-node-lease", "sim-0", "-o",
                "jsonpath={.spec.holderIdentity} {.spec.leaseDurationSeconds}")).isEqualTo("sim-0 40");
        Instant first = Instant.parse(k.ok("get", "lease", "-n", "kube-node-lease", "sim-0", "-o",
                "jsonpath={.spec.renewTime}"));
        await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                assertThat(Instant.parse(k.ok("get", "lease", "-n", "kube-node-lease", "sim-0", "-o",
                        "jsonpath={.spec.renewTime}"))).isAfter(first));
    }

    @Test
    void podOnSimulatedNodeRunsAndIsDeletedPromptly() throws Exception {
        k.runWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},
                 "spec":{"nodeName":"sim-1","containers":[{"name":"nginx","image":"nginx:1.27"}]}}""",
                "create", "-f", "-");
        assertThat(k.ok("wait", "--for=condition=Ready", "pod/web", "--timeout=30s")).contains("condition met");
        String status = k.ok("get", "pod", "web", "-o",
                "jsonpath={.status.phase} {.status.podIP} {.status.hostIP} {.status.containerStatuses[0].ready} "
                        + "{.status.containerStatuses[0].containerID}");
        assertThat(status).matches("Running 10\\.42\\.1\\.([2-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-4]) "
                + "10\\.200\\.0\\.2 true simulated://.+-nginx");
        assertThat(k.ok("get", "pod", "web")).contains("1/1").contains("Running");
        long t0 = System.nanoTime();
        assertThat(k.ok("delete", "pod", "web", "--timeout=20s")).contains("pod \"web\" deleted");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
        assertThat(k.run("get", "pod", "web").all()).contains("NotFound");
    }

    @Test
    void podWithFinalizerIsDeletedOnceAndNotLooped() throws Exception {
        k.runWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"held","namespace":"default",
                   "finalizers":["example.com/hold"]},
                 "spec":{"nodeName":"sim-2","containers":[{"name":"c","image":"busybox"}]}}""",
                "create", "-f", "-");
        k.ok("wait", "--for=condition=Ready", "pod/held", "--timeout=30s");
        k.ok("delete", "pod", "held", "--wait=false");
        String rv = k.ok("get", "pod", "held", "-o", "jsonpath={.metadata.resourceVersion}");
        Thread.sleep(2000);
        assertThat(k.ok("get", "pod", "held", "-o", "jsonpath={.metadata.resourceVersion}")).isEqualTo(rv);
        k.ok("patch", "pod", "held", "--type=json", "-p", "[{\"op\":\"remove\",\"path\":\"/metadata/finalizers\"}]");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(k.run("get", "pod", "held").all()).contains("NotFound"));
    }

    @Test
    void podThatEndsByItselfSucceeds() throws Exception {
        // (a pod naming a Job that does not exist would be garbage-collected; the annotation is enough)
        k.runWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"job-pod","namespace":"default",
                   "annotations":{"k3j.io/simulated-runtime":"2s"}},
                 "spec":{"nodeName":"sim-0","restartPolicy":"Never",
                   "containers":[{"name":"work","image":"busybox","command":["true"]}]}}""",
                "create", "-f", "-");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).untilAsserted(() ->
                assertThat(k.ok("get", "pod", "job-pod", "-o", "jsonpath={.status.phase}")).isEqualTo("Succeeded"));
        assertThat(k.ok("get", "pod", "job-pod", "-o",
                "jsonpath={.status.containerStatuses[0].state.terminated.reason} {.status.podIP}"))
                .matches("Completed 10\\.42\\.0\\.\\d+");
        assertThat(k.ok("get", "pod", "job-pod")).contains("Completed");
    }

    @Test
    void podsOnOtherNodesAreLeftAlone() throws Exception {
        k.runWithInput("""
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"elsewhere","namespace":"default"},
                 "spec":{"nodeName":"real-node","containers":[{"name":"c","image":"busybox"}]}}""",
                "create", "-f", "-");
        Thread.sleep(2000);
        assertThat(k.ok("get", "pod", "elsewhere", "-o", "jsonpath={.status.phase}")).isIn("Pending", "");
    }
}
