package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** K3s's {@code --disable-scheduler} and {@code --disable-controller-manager}, seen through kubectl 1.33. */
class DisabledComponentsIT {

    private static final String POD = """
            apiVersion: v1
            kind: Pod
            metadata: {name: waiting}
            spec:
              containers: [{name: c, image: busybox}]
            """;

    @Test
    void withoutTheSchedulerPodsStayUnassignedWhileControllersRun(@TempDir Path dir) throws Exception {
        try (K3sProcess k3s = new K3sProcess(dir).start("--disable-agent", "--simulated-nodes", "1",
                "--disable-scheduler")) {
            Kubectl k = new Kubectl(Kubectl.binary("1.33"), k3s.kubeconfig);
            // the controller manager still runs: the default service account appears
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    k.run("get", "serviceaccount", "default").exit() == 0);
            k.runWithInput(POD, "apply", "-f", "-");
            Thread.sleep(3000);
            assertThat(k.ok("get", "pod", "waiting", "-o", "jsonpath={.spec.nodeName}|{.status.phase}"))
                    .isEqualTo("|Pending");
            assertThat(k.ok("get", "events", "--field-selector=involvedObject.name=waiting", "-o", "name")).isEmpty();
        }
    }

    @Test
    void withoutTheControllerManagerDeploymentsMakeNoReplicaSets(@TempDir Path dir) throws Exception {
        try (K3sProcess k3s = new K3sProcess(dir).start("--disable-agent", "--disable-controller-manager")) {
            Kubectl k = new Kubectl(Kubectl.binary("1.33"), k3s.kubeconfig);
            k.ok("create", "deployment", "idle", "--image=busybox");
            Thread.sleep(3000);
            assertThat(k.ok("get", "replicasets", "-o", "name")).isEmpty();
            assertThat(k.ok("get", "deployment", "idle", "-o", "jsonpath={.status.replicas}")).isEmpty();
        }
    }
}
