package io.k3j.controllers.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.TestCluster;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Resource;
import io.k3j.controllers.Owners;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The DaemonSet controller in a real server with three simulated nodes. */
class DaemonSetControllerIT {

    static final Resource DS = Resource.of("apps", "v1", "daemonsets");
    static final Resource PODS = Resource.core("pods");
    static final Resource NODES = Resource.core("nodes");
    static final Resource REVISIONS = Resource.of("apps", "v1", "controllerrevisions");
    static final Resource EVENTS = Resource.core("events");
    static TestCluster cluster;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(3);
        client = cluster.inProcess();
        await(() -> client.listAll(NODES, null, ListOptions.all()).size() == 3);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 20s");
            }
            Thread.sleep(50);
        }
    }

    static ObjectNode daemonSet(String name, String extraSpec) {
        return (ObjectNode) Json.parse(("{\"apiVersion\":\"apps/v1\",\"kind\":\"DaemonSet\",\"metadata\":{\"name\":\""
                + name + "\"},\"spec\":{\"selector\":{\"matchLabels\":{\"app\":\"" + name + "\"}},\"template\":{"
                + "\"metadata\":{\"labels\":{\"app\":\"" + name + "\"}},\"spec\":{" + extraSpec
                + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}").getBytes());
    }

    /** The live pods of the DaemonSet {@code uid} by the node they are pinned to. */
    static Map<String, ObjectNode> podsByNode(String uid) {
        Map<String, ObjectNode> out = new TreeMap<>();
        for (ObjectNode pod : client.listAll(PODS, "default", ListOptions.all())) {
            if (Owners.isControlledBy(pod, uid) && !Meta.isDeleting(pod)) {
                out.put(NodeAffinity.targetNode(pod), pod);
            }
        }
        return out;
    }

    static void patchNode(String node, String patch) {
        client.patch(NODES, null, node, PatchType.MERGE, Json.parse(patch.getBytes()), PatchOptions.none());
    }

    @Test
    void onePodPerNodePinnedByAffinityWithHistoryStatusAndEvents() throws Exception {
        ObjectNode ds = client.create(DS, "default", daemonSet("everywhere", ""));
        String uid = Meta.uid(ds);
        await(() -> podsByNode(uid).size() == 3);
        Map<String, ObjectNode> pods = podsByNode(uid);
        assertThat(pods.keySet()).containsExactly("sim-0", "sim-1", "sim-2");
        for (var e : pods.entrySet()) {
            ObjectNode pod = e.getValue();
            JsonNode field = pod.path("spec").path("affinity").path("nodeAffinity")
                    .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms").get(0)
                    .path("matchFields").get(0);
            assertThat(field.path("key").asString()).isEqualTo("metadata.name");
            assertThat(field.path("values").get(0).asString()).isEqualTo(e.getKey());
            assertThat(Meta.name(pod)).startsWith("everywhere-");
            assertThat(pod.path("spec").path("tolerations").toString()).contains("node.kubernetes.io/unschedulable");
        }
        String hash = Meta.labels(pods.get("sim-0")).get("controller-revision-hash");
        List<ObjectNode> revisions = client.listAll(REVISIONS, "default", ListOptions.all()).stream()
                .filter(r -> Owners.isControlledBy(r, uid)).toList();
        assertThat(revisions).hasSize(1);
        assertThat(Meta.name(revisions.getFirst())).isEqualTo("everywhere-" + hash);
        assertThat(revisions.getFirst().path("revision").asLong()).isEqualTo(1);
        // the scheduler binds each pod to the node its affinity names, the simulated kubelet runs it
        await(() -> podsByNode(uid).entrySet().stream()
                .allMatch(e -> e.getValue().path("spec").path("nodeName").asString("").equals(e.getKey())));
        await(() -> client.get(DS, "default", "everywhere").path("status").path("desiredNumberScheduled").asInt() == 3
                && client.get(DS, "default", "everywhere").path("status").path("currentNumberScheduled").asInt() == 3
                && client.get(DS, "default", "everywhere").path("status").path("numberReady").asInt() == 3);
        Thread.sleep(300);
        String rv = Meta.resourceVersion(client.get(DS, "default", "everywhere"));
        Thread.sleep(1000);
        assertThat(Meta.resourceVersion(client.get(DS, "default", "everywhere"))).as("settled, not rewritten")
                .isEqualTo(rv);
        ObjectNode status = (ObjectNode) client.get(DS, "default", "everywhere").path("status");
        assertThat(status.path("updatedNumberScheduled").asInt()).isEqualTo(3);
        assertThat(status.path("numberMisscheduled").asInt()).isZero();
        assertThat(status.path("observedGeneration").asLong()).isEqualTo(1);
        await(() -> client.listAll(EVENTS, "default", ListOptions.all()).stream()
                .anyMatch(ev -> ev.path("involvedObject").path("name").asString("").equals("everywhere")
                        && ev.path("reason").asString("").equals("SuccessfulCreate")
                        && ev.path("source").path("component").asString("").equals("daemonset-controller")
                        && ev.path("message").asString("").startsWith("Created pod: everywhere-")));

        ObjectNode changed = client.get(DS, "default", "everywhere");
        ((ObjectNode) changed.path("spec").path("template").path("spec").path("containers").get(0))
                .put("image", "busybox:2");
        client.update(DS, "default", changed);
        await(() -> client.listAll(REVISIONS, "default", ListOptions.all()).stream()
                .filter(r -> Owners.isControlledBy(r, uid)).count() == 2);
        // rolling update, one node at a time (maxUnavailable 1)
        await(() -> {
            Map<String, ObjectNode> now = podsByNode(uid);
            return now.size() == 3 && now.values().stream().allMatch(p -> p.path("spec").path("containers").get(0)
                    .path("image").asString("").equals("busybox:2"));
        });
        client.delete(DS, "default", "everywhere");
    }

    @Test
    void taintsAndSelectorsDecideWherePodsRun() throws Exception {
        for (String n : List.of("sim-0", "sim-1", "sim-2")) {
            patchNode(n, "{\"metadata\":{\"labels\":{\"ds-it\":\"yes\"}}}");
        }
        patchNode("sim-2", "{\"spec\":{\"taints\":[{\"key\":\"ds-it\",\"value\":\"x\",\"effect\":\"NoSchedule\"}]}}");
        try {
            ObjectNode ds = client.create(DS, "default", daemonSet("picky", "\"nodeSelector\":{\"ds-it\":\"yes\"},"));
            String uid = Meta.uid(ds);
            await(() -> podsByNode(uid).size() == 2);
            Thread.sleep(500);
            assertThat(podsByNode(uid).keySet()).containsExactly("sim-0", "sim-1");
            await(() -> client.get(DS, "default", "picky").path("status").path("desiredNumberScheduled").asInt() == 2);

            // A NoSchedule taint on a node that has the pod does not evict it.
            patchNode("sim-1", "{\"spec\":{\"taints\":[{\"key\":\"ds-it\",\"effect\":\"NoSchedule\"}]}}");
            Thread.sleep(700);
            assertThat(podsByNode(uid).keySet()).containsExactly("sim-0", "sim-1");
            // A NoExecute taint does.
            patchNode("sim-1", "{\"spec\":{\"taints\":[{\"key\":\"ds-it\",\"effect\":\"NoExecute\"}]}}");
            await(() -> podsByNode(uid).keySet().equals(java.util.Set.of("sim-0")));
            // So does a node that stops matching the selector.
            patchNode("sim-0", "{\"metadata\":{\"labels\":{\"ds-it\":\"no\"}}}");
            await(() -> podsByNode(uid).isEmpty());
            await(() -> client.get(DS, "default", "picky").path("status").path("desiredNumberScheduled").asInt() == 0);
            // Lifting the taints brings pods back.
            patchNode("sim-1", "{\"spec\":{\"taints\":null}}");
            patchNode("sim-2", "{\"spec\":{\"taints\":null}}");
            await(() -> podsByNode(uid).keySet().equals(java.util.Set.of("sim-1", "sim-2")));
            assertThat(client.listAll(EVENTS, "default", ListOptions.all()).stream()
                    .anyMatch(ev -> ev.path("involvedObject").path("name").asString("").equals("picky")
                            && ev.path("reason").asString("").equals("SuccessfulDelete"))).isTrue();
            client.delete(DS, "default", "picky");
        } finally {
            for (String n : List.of("sim-0", "sim-1", "sim-2")) {
                patchNode(n, "{\"metadata\":{\"labels\":{\"ds-it\":null}},\"spec\":{\"taints\":null}}");
            }
        }
    }
}
