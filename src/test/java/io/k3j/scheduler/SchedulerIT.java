package io.k3j.scheduler;

import static io.k3j.client.TestCluster.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.TestCluster;
import io.k3j.client.ListOptions;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Resource;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The scheduler in a real server with three simulated nodes (8 cpu, 32Gi, 110 pods each). */
class SchedulerIT {

    static final Resource PODS = Resource.core("pods");
    static final Resource NODES = Resource.core("nodes");
    static final Resource EVENTS = Resource.core("events");
    static final Resource PRIORITY_CLASSES = Resource.of("scheduling.k8s.io", "v1", "priorityclasses");
    static final Resource PDBS = Resource.of("policy", "v1", "poddisruptionbudgets");
    static TestCluster cluster;
    static ApiClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = new TestCluster(3);
        client = cluster.inProcess();
        await(Duration.ofSeconds(20), () -> client.listAll(NODES, null, ListOptions.all()).size() == 3);
    }

    @AfterAll
    static void stop() throws Exception {
        cluster.close();
    }

    static ObjectNode json(String s) {
        return Json.parseObject(s.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode pod(String name, String specExtra) {
        return json("{'metadata':{'name':'" + name + "','labels':{'test':'sched'}},'spec':{'containers':[{'name':'c',"
                + "'image':'nginx'" + "}]" + (specExtra.isEmpty() ? "" : "," + specExtra) + "}}");
    }

    static ObjectNode get(String name) {
        return client.get(PODS, "default", name);
    }

    static String nodeOf(String name) {
        return get(name).path("spec").path("nodeName").asString("");
    }

    static String phase(String name) {
        return get(name).path("status").path("phase").asString("");
    }

    static List<ObjectNode> events(String pod, String reason) {
        return client.listAll(EVENTS, "default", ListOptions.all()).stream()
                .filter(e -> e.path("involvedObject").path("name").asString("").equals(pod)
                        && e.path("reason").asString("").equals(reason)).toList();
    }

    static JsonNode condition(String pod, String type) {
        for (JsonNode c : get(pod).path("status").path("conditions")) {
            if (c.path("type").asString("").equals(type)) {
                return c;
            }
        }
        return null;
    }

    @Test
    void bindingSubresourceAndLegacyBindings() {
        client.create(PODS, "default", pod("manual", "'schedulerName':'someone-else'"));
        ObjectNode binding = json("{'apiVersion':'v1','kind':'Binding','metadata':{'name':'manual'},"
                + "'target':{'kind':'Node','name':'sim-2'}}");
        ObjectNode status = client.create(PODS, "default", "manual", "binding", binding);
        assertThat(status.path("status").asString()).isEqualTo("Success");
        assertThat(nodeOf("manual")).isEqualTo("sim-2");
        assertThat(condition("manual", "PodScheduled").path("status").asString()).isEqualTo("True");
        assertThatThrownBy(() -> client.create(PODS, "default", "manual", "binding", binding))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(409);
                    assertThat(e.status().message()).isEqualTo("Operation cannot be fulfilled on pods \"manual\": "
                            + "pod manual is already assigned to node \"sim-2\"");
                });
        assertThatThrownBy(() -> client.get(PODS, "default", "manual", "binding"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().code()).isEqualTo(405));
        ObjectNode otherName = json("{'metadata':{'name':'other'},'target':{'name':'sim-0'}}");
        assertThatThrownBy(() -> client.create(PODS, "default", "manual", "binding", otherName))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().code()).isEqualTo(400));
        ObjectNode noTarget = json("{'metadata':{'name':'manual'},'target':'sim-0'}");
        assertThatThrownBy(() -> client.create(PODS, "default", "manual", "binding", noTarget))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(422);
                    assertThat(e.status().message()).isEqualTo("Binding \"manual\" is invalid: target.name: "
                            + "Required value");
                });
        ObjectNode missing = json("{'metadata':{'name':'nope'},'target':{'name':'sim-0'}}");
        assertThatThrownBy(() -> client.create(PODS, "default", "nope", "binding", missing))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().code()).isEqualTo(404));
        client.create(PODS, "default", pod("legacy", "'schedulerName':'someone-else'"));
        ObjectNode bad = json("{'metadata':{'name':'legacy'},'target':{'kind':'Pod','name':'sim-0'}}");
        assertThatThrownBy(() -> client.create(Resource.core("bindings"), "default", bad))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().code()).isEqualTo(422);
                    assertThat(e.status().message()).contains("target.kind: Unsupported value: \"Pod\"");
                });
        client.create(Resource.core("bindings"), "default",
                json("{'metadata':{'name':'legacy','annotations':{'bound-by':'test'}},'target':{'name':'sim-0'}}"));
        assertThat(nodeOf("legacy")).isEqualTo("sim-0");
        assertThat(Meta.stringMap(get("legacy"), "annotations")).containsEntry("bound-by", "test");
    }

    @Test
    void pendingPodsAreBoundAndRun() throws Exception {
        for (int i = 0; i < 6; i++) {
            client.create(PODS, "default", pod("web-" + i, "'containers':[{'name':'c','image':'nginx','resources':"
                    + "{'requests':{'cpu':'100m','memory':'64Mi'}}}]"));
        }
        await(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 6; i++) {
                if (!phase("web-" + i).equals("Running")) {
                    return false;
                }
            }
            return true;
        });
        for (int i = 0; i < 6; i++) {
            assertThat(nodeOf("web-" + i)).matches("sim-[012]");
        }
        await(Duration.ofSeconds(10), () -> !events("web-0", "Scheduled").isEmpty());
        ObjectNode e = events("web-0", "Scheduled").getFirst();
        assertThat(e.path("message").asString()).isEqualTo("Successfully assigned default/web-0 to " + nodeOf("web-0"));
        assertThat(e.path("source").path("component").asString()).isEqualTo("default-scheduler");
        assertThat(e.path("type").asString()).isEqualTo("Normal");
    }

    @Test
    void exhaustedResourcesGiveFailedSchedulingAndTheCondition() throws Exception {
        client.create(PODS, "default", pod("huge", "'containers':[{'name':'c','image':'nginx','resources':"
                + "{'requests':{'cpu':'100'}}}]"));
        String message = "0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are available: "
                + "3 No preemption victims found for incoming pod.";
        await(Duration.ofSeconds(20), () -> !events("huge", "FailedScheduling").isEmpty());
        ObjectNode e = events("huge", "FailedScheduling").getFirst();
        assertThat(e.path("type").asString()).isEqualTo("Warning");
        assertThat(e.path("message").asString()).isEqualTo(message);
        assertThat(e.path("source").path("component").asString()).isEqualTo("default-scheduler");
        await(Duration.ofSeconds(10), () -> condition("huge", "PodScheduled") != null);
        JsonNode c = condition("huge", "PodScheduled");
        assertThat(c.path("status").asString()).isEqualTo("False");
        assertThat(c.path("reason").asString()).isEqualTo("Unschedulable");
        assertThat(c.path("message").asString()).isEqualTo(message);
        assertThat(nodeOf("huge")).isEmpty();
    }

    @Test
    void taintsAndAffinityAreRespected() throws Exception {
        ObjectNode taint = json("{'spec':{'taints':[{'key':'dedicated','value':'x','effect':'NoSchedule'}]}}");
        client.patch(NODES, null, "sim-0", PatchType.MERGE, taint, PatchOptions.none());
        try {
            client.create(PODS, "default", pod("pinned", "'nodeSelector':{'kubernetes.io/hostname':'sim-0'}"));
            await(Duration.ofSeconds(20), () -> !events("pinned", "FailedScheduling").isEmpty());
            assertThat(events("pinned", "FailedScheduling").getFirst().path("message").asString())
                    .isEqualTo("0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: x}, 2 node(s)"
                            + " didn't match Pod's node affinity/selector. preemption: 0/3 nodes are available: 3"
                            + " Preemption is not helpful for scheduling.");
            client.create(PODS, "default", pod("tolerant", "'nodeSelector':{'kubernetes.io/hostname':'sim-0'},"
                    + "'tolerations':[{'key':'dedicated','operator':'Exists','effect':'NoSchedule'}]"));
            client.create(PODS, "default", pod("elsewhere", "'affinity':{'nodeAffinity':{'requiredDuringScheduling"
                    + "IgnoredDuringExecution':{'nodeSelectorTerms':[{'matchExpressions':[{'key':"
                    + "'kubernetes.io/hostname','operator':'NotIn','values':['sim-1','sim-2']}]}]}}},"
                    + "'tolerations':[{'operator':'Exists'}]"));
            for (int i = 0; i < 4; i++) {
                client.create(PODS, "default", pod("plain-" + i, ""));
            }
            await(Duration.ofSeconds(20), () -> nodeOf("tolerant").equals("sim-0")
                    && nodeOf("elsewhere").equals("sim-0"));
            await(Duration.ofSeconds(20), () -> {
                for (int i = 0; i < 4; i++) {
                    if (nodeOf("plain-" + i).isEmpty()) {
                        return false;
                    }
                }
                return true;
            });
            for (int i = 0; i < 4; i++) {
                assertThat(nodeOf("plain-" + i)).isIn("sim-1", "sim-2");
            }
        } finally {
            client.patch(NODES, null, "sim-0", PatchType.MERGE, json("{'spec':{'taints':null}}"), PatchOptions.none());
        }
        // removing the taint is a node update that retries the pinned pod
        await(Duration.ofSeconds(20), () -> nodeOf("pinned").equals("sim-0"));
    }

    @Test
    void higherPriorityPodPreemptsLowerPriorityPodsOutsideTheirDisruptionBudget() throws Exception {
        client.create(PRIORITY_CLASSES, null, json("{'metadata':{'name':'low'},'value':10}"));
        client.create(PRIORITY_CLASSES, null, json("{'metadata':{'name':'high'},'value':1000}"));
        String big = "'containers':[{'name':'c','image':'nginx','resources':{'requests':{'cpu':'7'}}}]";
        for (int i = 0; i < 3; i++) {
            ObjectNode low = pod("low-" + i, "'priorityClassName':'low'," + big);
            // low-2 is the youngest of equals and the lowest sum: without the budget it could be any of them
            ((ObjectNode) low.path("metadata").path("labels")).put("guard", i < 2 ? "yes" : "no");
            client.create(PODS, "default", low);
        }
        await(Duration.ofSeconds(20), () -> {
            for (int i = 0; i < 3; i++) {
                if (!phase("low-" + i).equals("Running")) {
                    return false;
                }
            }
            return true;
        });
        client.create(PDBS, "default", json("{'metadata':{'name':'guard'},'spec':{'minAvailable':2,"
                + "'selector':{'matchLabels':{'guard':'yes'}}}}"));
        await(Duration.ofSeconds(20), () -> {
            JsonNode status = client.get(PDBS, "default", "guard").path("status");
            return status.path("currentHealthy").asInt(-1) == 2 && status.path("disruptionsAllowed").asInt(-1) == 0;
        });
        client.create(PODS, "default", pod("vip", "'priorityClassName':'high'," + big));
        await(Duration.ofSeconds(30), () -> phase("vip").equals("Running"));
        List<String> left = client.listAll(PODS, "default", ListOptions.all()).stream().map(Meta::name)
                .filter(n -> n.startsWith("low-")).toList();
        assertThat(left).as("the pods the budget protects stay").containsExactlyInAnyOrder("low-0", "low-1");
        // events are written asynchronously
        await(Duration.ofSeconds(10), () -> !events("low-2", "Preempted").isEmpty());
        assertThat(events("low-2", "Preempted").getFirst().path("message").asString())
                .isEqualTo("Preempted by pod " + Meta.uid(get("vip")) + " on node " + nodeOf("vip"));
        assertThat(get("vip").path("status").path("nominatedNodeName").asString()).isEqualTo(nodeOf("vip"));
        for (String n : left) {
            client.delete(PODS, "default", n);
        }
        client.delete(PODS, "default", "vip");
        client.delete(PDBS, "default", "guard");
    }
}
