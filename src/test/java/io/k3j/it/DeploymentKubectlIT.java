package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The Deployment workflow of kubectl 1.33 (rollout status/history/undo/pause/resume, scale, set image). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeploymentKubectlIT {

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

    private String images() throws Exception {
        return k.ok("get", "rs", "-l", "app=web", "-o",
                "jsonpath={range .items[*]}{.spec.template.spec.containers[0].image}={.spec.replicas} {end}");
    }

    @Test
    void rolloutScaleSetImageHistoryUndoPauseResume() throws Exception {
        assertThat(k.ok("wait", "--for=condition=Ready", "node", "--all", "--timeout=30s")).contains("sim-0");
        k.runWithInput("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                spec:
                  replicas: 3
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      nodeName: sim-1
                      containers:
                      - name: c
                        image: busybox:1.36
                        command: [sleep, infinity]
                """, "apply", "-f", "-");
        assertThat(k.ok("rollout", "status", "deployment/web", "--timeout=60s"))
                .contains("deployment \"web\" successfully rolled out");
        assertThat(k.ok("get", "deployment", "web")).contains("3/3");

        assertThat(k.ok("scale", "deployment", "web", "--replicas=5")).contains("deployment.apps/web scaled");
        assertThat(k.ok("rollout", "status", "deployment/web", "--timeout=60s")).contains("successfully rolled out");
        assertThat(k.ok("get", "deployment", "web", "-o", "jsonpath={.status.availableReplicas}")).isEqualTo("5");

        assertThat(k.ok("set", "image", "deployment/web", "c=busybox:1.37")).contains("deployment.apps/web image updated");
        assertThat(k.ok("rollout", "status", "deployment/web", "--timeout=60s")).contains("successfully rolled out");
        assertThat(images()).contains("busybox:1.36=0", "busybox:1.37=5");
        String history = k.ok("rollout", "history", "deployment/web");
        assertThat(history).contains("REVISION").containsPattern("(?m)^1 ").containsPattern("(?m)^2 ");
        assertThat(k.ok("rollout", "history", "deployment/web", "--revision=1")).contains("busybox:1.36");

        assertThat(k.ok("rollout", "undo", "deployment/web")).contains("deployment.apps/web rolled back");
        assertThat(k.ok("rollout", "status", "deployment/web", "--timeout=60s")).contains("successfully rolled out");
        assertThat(images()).contains("busybox:1.36=5", "busybox:1.37=0");
        assertThat(k.ok("rollout", "history", "deployment/web")).containsPattern("(?m)^2 ").containsPattern("(?m)^3 ")
                .doesNotContainPattern("(?m)^1 ");
        assertThat(k.ok("get", "deployment", "web", "-o",
                "jsonpath={.metadata.annotations.deployment\\.kubernetes\\.io/revision}")).isEqualTo("3");

        assertThat(k.ok("rollout", "pause", "deployment/web")).contains("deployment.apps/web paused");
        k.ok("set", "image", "deployment/web", "c=busybox:1.38");
        Thread.sleep(1500);
        assertThat(images()).doesNotContain("busybox:1.38");
        assertThat(k.ok("get", "deployment", "web", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}")).isEqualTo("DeploymentPaused");
        assertThat(k.ok("rollout", "resume", "deployment/web")).contains("deployment.apps/web resumed");
        assertThat(k.ok("rollout", "status", "deployment/web", "--timeout=60s")).contains("successfully rolled out");
        assertThat(images()).contains("busybox:1.38=5");

        String described = k.ok("describe", "deployment", "web");
        assertThat(described).contains("ScalingReplicaSet").contains("deployment-controller")
                .containsPattern("Scaled up replica set web-[a-z0-9]+ from 0 to 3")
                .contains("NewReplicaSetAvailable").contains("MinimumReplicasAvailable");
        assertThat(k.ok("get", "pods", "-l", "app=web", "--no-headers").lines().count()).isEqualTo(5);
    }
}
