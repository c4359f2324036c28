package io.k3j.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Endpoints and EndpointSlices of exposed pods, seen through kubectl 1.33 against the jar with simulated nodes. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EndpointsKubectlIT {

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

    static String pod(String name, String node) {
        return """
                apiVersion: v1
                kind: Pod
                metadata:
                  name: %s
                  labels:
                    app: shop
                spec:
                  nodeName: %s
                  containers:
                  - name: web
                    image: nginx
                    ports:
                    - name: http
                      containerPort: 8080
                """.formatted(name, node);
    }

    @Test
    void exposedPodsGetEndpointsAndSlices() throws Exception {
        String manifest = String.join("---\n", pod("shop-0", "sim-0"), pod("shop-1", "sim-1"), pod("shop-2", "sim-2"));
        Kubectl.Result applied = k.runWithInput(manifest, "apply", "-f", "-");
        assertThat(applied.exit()).as(applied.all()).isZero();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(k.ok("get", "pods", "-l", "app=shop", "-o", "jsonpath={.items[*].status.podIP}")
                        .split(" ")).hasSize(3).doesNotContain(""));
        List<String> ips = Arrays.stream(k.ok("get", "pods", "-l", "app=shop", "-o",
                "jsonpath={.items[*].status.podIP}").split(" ")).sorted().toList();

        assertThat(k.ok("expose", "pod", "shop-0", "--name", "shop", "--port", "80", "--target-port", "http"))
                .contains("service/shop exposed");
        assertThat(k.ok("get", "service", "shop", "-o", "jsonpath={.spec.selector.app}")).isEqualTo("shop");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String endpoints = k.ok("get", "endpoints", "shop");
            for (String ip : ips) {
                assertThat(endpoints).contains(ip + ":8080");
            }
        });
        assertThat(k.ok("get", "endpoints", "shop", "-o", "jsonpath={.subsets[0].addresses[*].targetRef.name}"))
                .contains("shop-0", "shop-1", "shop-2");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            String slices = k.ok("get", "endpointslices", "-l", "kubernetes.io/service-name=shop");
            assertThat(slices).contains("IPv4", "8080");
            for (String ip : ips) {
                assertThat(slices).contains(ip);
            }
        });
        assertThat(k.ok("get", "endpointslices", "-l", "kubernetes.io/service-name=shop", "-o",
                "jsonpath={.items[0].metadata.labels.endpointslice\\.kubernetes\\.io/managed-by} "
                        + "{.items[0].metadata.ownerReferences[0].kind} {.items[0].ports[0].port}"))
                .isEqualTo("endpointslice-controller.k8s.io Service 8080");

        String described = k.ok("describe", "service", "shop");
        assertThat(described).containsPattern("Endpoints:\\s+\\S*" + ips.getFirst().replace(".", "\\.") + ":8080");

        k.ok("delete", "pod", "shop-2", "--wait=false");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(k.ok("get", "pod", "shop-2", "--ignore-not-found")).isEmpty();
            assertThat(k.ok("get", "endpoints", "shop", "-o", "jsonpath={.subsets[*].addresses[*].targetRef.name}"))
                    .doesNotContain("shop-2");
            assertThat(k.ok("get", "endpointslices", "-l", "kubernetes.io/service-name=shop", "-o",
                    "jsonpath={.items[*].endpoints[*].targetRef.name}")).doesNotContain("shop-2").contains("shop-0");
        });

        k.ok("delete", "service", "shop");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(k.ok("get", "endpoints", "shop", "--ignore-not-found")).isEmpty();
            assertThat(k.ok("get", "endpointslices", "-l", "kubernetes.io/service-name=shop", "-o", "name")).isEmpty();
        });
    }
}
