package io.k3j.controllers.nodelifecycle;

import static io.k3j.controllers.disruption.SimCluster.await;
import static io.k3j.controllers.disruption.SimCluster.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Resource;
import io.k3j.controllers.disruption.SimCluster;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Node lifecycle and taint eviction against simulated nodes whose heartbeat is stopped and restarted. */
class NodeLifecycleIT {

    static final Resource NODES = Resource.core("nodes");
    static final Resource PODS = Resource.core("pods");
    static SimCluster cluster;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        System.setProperty(NodeLifecycleController.GRACE_PROPERTY, "3");
        System.setProperty("k3j.simulated-heartbeat-interval", "0.5");
        try {
            cluster = new SimCluster();
        } finally {
            System.clearProperty(NodeLifecycleController.GRACE_PROPERTY);
            System.clearProperty("k3j.simulated-heartbeat-interval");
        }
        client = cluster.client;
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static ObjectNode node(String name) {
        return client.get(NODES, null, name);
    }

    static String condition(ObjectNode obj, String type, String field) {
        for (JsonNode c : obj.path("status").path("conditions")) {
            if (c.path("type").asString("").equals(type)) {
                return c.path(field).asString("");
            }
        }
        return "";
    }

    static boolean hasTaint(String node, String key, String effect) {
        for (JsonNode t : node(node).path("spec").path("taints")) {
            if (t.path("key").asString("").equals(key) && t.path("effect").asString("").equals(effect)) {
                return true;
            }
        }
        return false;
    }

    static ObjectNode podOrNull(String name) {
        try {
            return client.get(PODS, "default", name);
        } catch (ApiException e) {
            return null;
        }
    }

    static boolean deleting(String name) {
        ObjectNode p = podOrNull(name);
        return p == null || Meta.isDeleting(p);
    }

    static void heartbeat(String node, boolean on) {
        String patch = "{\"metadata\":{\"annotations\":{\"k3j.io/simulated-heartbeat\":" + (on ? "null" : "\"false\"")
                + "}}}";
        client.patch(NODES, null, node, PatchType.MERGE, Json.parse(patch.getBytes()), PatchOptions.none());
    }

    @Test
    void aNodeThatStopsHeartbeatingIsMarkedUnknownTaintedAndItsPodsEvictedAfterTheirTolerationUntilItRecovers()
            throws Exception {
        client.create(PODS, "default", pod("stays", "sim-1", Map.of()));
        ObjectNode brief = pod("brief", "sim-1", Map.of());
        ((ObjectNode) brief.get("spec")).putArray("tolerations").addObject()
                .put("key", "node.kubernetes.io/unreachable").put("operator", "Exists").put("effect", "NoExecute")
                .put("tolerationSeconds", 4);
        client.create(PODS, "default", brief);
        ObjectNode created = client.get(PODS, "default", "stays");
        // DefaultTolerationSeconds gave the plain pod five minutes on a failed node
        assertThat(created.path("spec").path("tolerations").toString())
                .contains("node.kubernetes.io/unreachable").contains("300");
        await(Duration.ofSeconds(15), () -> condition(podOrNull("stays"), "Ready", "status").equals("True")
                && condition(podOrNull("brief"), "Ready", "status").equals("True"));

        heartbeat("sim-1", false);
        await(Duration.ofSeconds(15), () -> condition(node("sim-1"), "Ready", "status").equals("Unknown"));
        long unknownAt = System.nanoTime();
        ObjectNode n = node("sim-1");
        for (String type : new String[]{"Ready", "MemoryPressure", "DiskPressure", "PIDPressure"}) {
            assertThat(condition(n, type, "status")).isEqualTo("Unknown");
            assertThat(condition(n, type, "reason")).isEqualTo("NodeStatusUnknown");
            assertThat(condition(n, type, "message")).isEqualTo("Kubelet stopped posting node status.");
        }
        await(Duration.ofSeconds(10), () -> hasTaint("sim-1", "node.kubernetes.io/unreachable", "NoExecute")
                && hasTaint("sim-1", "node.kubernetes.io/unreachable", "NoSchedule"));
        await(Duration.ofSeconds(10), () -> condition(podOrNull("stays"), "Ready", "status").equals("False"));
        assertThat(condition(node("sim-0"), "Ready", "status")).isEqualTo("True");

        await(Duration.ofSeconds(15), () -> deleting("brief"));
        assertThat(System.nanoTime() - unknownAt).isGreaterThan(Duration.ofSeconds(2).toNanos());
        assertThat(deleting("stays")).isFalse();
        await(Duration.ofSeconds(10), () -> client.listAll(Resource.core("events"), "default",
                ListOptions.all().withFieldSelector("involvedObject.name=brief")).stream()
                .anyMatch(e -> e.path("reason").asString("").equals("TaintManagerEviction")
                        && e.path("message").asString("").equals("Marking for deletion Pod default/brief")
                        && e.path("source").path("component").asString("").equals("taint-eviction-controller")));

        heartbeat("sim-1", true);
        await(Duration.ofSeconds(15), () -> condition(node("sim-1"), "Ready", "status").equals("True")
                && !hasTaint("sim-1", "node.kubernetes.io/unreachable", "NoExecute")
                && !hasTaint("sim-1", "node.kubernetes.io/unreachable", "NoSchedule"));
        await(Duration.ofSeconds(15), () -> condition(podOrNull("stays"), "Ready", "status").equals("True"));
        assertThat(deleting("stays")).isFalse();
    }

    @Test
    void podsNotToleratingANoExecuteTaintAreDeletedAtOnce() throws Exception {
        client.create(PODS, "default", pod("victim", "sim-2", Map.of()));
        ObjectNode tolerant = pod("tolerant", "sim-2", Map.of());
        ((ObjectNode) tolerant.get("spec")).putArray("tolerations").addObject().put("key", "example.com/drain")
                .put("operator", "Exists").put("effect", "NoExecute");
        client.create(PODS, "default", tolerant);
        await(Duration.ofSeconds(15), () -> condition(podOrNull("victim"), "Ready", "status").equals("True")
                && condition(podOrNull("tolerant"), "Ready", "status").equals("True"));
        client.patch(NODES, null, "sim-2", PatchType.MERGE, Json.parse(
                "{\"spec\":{\"taints\":[{\"key\":\"example.com/drain\",\"effect\":\"NoExecute\"}]}}".getBytes()),
                PatchOptions.none());
        await(Duration.ofSeconds(10), () -> podOrNull("victim") == null);
        Thread.sleep(1000);
        assertThat(deleting("tolerant")).isFalse();
        client.patch(NODES, null, "sim-2", PatchType.MERGE, Json.parse("{\"spec\":{\"taints\":null}}".getBytes()),
                PatchOptions.none());
    }
}
