package io.k3j.controllers.podgc;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class PodGcSelectionTest {

    static ObjectNode pod(String name, String phase, String created, String node, boolean deleting) {
        ObjectNode p = Json.object();
        ObjectNode meta = p.putObject("metadata").put("name", name).put("namespace", "ns")
                .put("creationTimestamp", created);
        if (deleting) {
            meta.put("deletionTimestamp", created);
        }
        if (node != null) {
            p.putObject("spec").put("nodeName", node);
        }
        p.putObject("status").put("phase", phase);
        return p;
    }

    static ObjectNode node(String ready, String taint) {
        ObjectNode n = (ObjectNode) Json.parse(("{\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\""
                + ready + "\"}]}}").getBytes());
        if (taint != null) {
            n.putObject("spec").putArray("taints").addObject().put("key", taint).put("effect", "NoExecute");
        }
        return n;
    }

    @Test
    void terminatedPodsBeyondTheThresholdGoOldestFirst() {
        List<ObjectNode> pods = List.of(pod("c", "Succeeded", "2026-01-03T00:00:00Z", "n", false),
                pod("a", "Failed", "2026-01-01T00:00:00Z", "n", false),
                pod("run", "Running", "2025-01-01T00:00:00Z", "n", false),
                pod("b", "Succeeded", "2026-01-02T00:00:00Z", "n", false));
        assertThat(PodGcSelection.terminatedBeyond(pods, 1)).extracting(Meta::name).containsExactly("a", "b");
        assertThat(PodGcSelection.terminatedBeyond(pods, 3)).isEmpty();
        assertThat(PodGcSelection.terminatedBeyond(pods, 0)).isEmpty();
    }

    @Test
    void podsOnMissingNodesAreOrphans() {
        List<ObjectNode> pods = List.of(pod("on", "Running", "t", "here", false),
                pod("off", "Running", "t", "gone", false), pod("unbound", "Pending", "t", null, false));
        assertThat(PodGcSelection.orphaned(pods, Set.of("here"))).extracting(Meta::name).containsExactly("off");
    }

    @Test
    void terminatingPodsOnNotReadyOutOfServiceNodesAndUnscheduledOnesAreForceDeleted() {
        Map<String, ObjectNode> nodes = Map.of("oos", node("False", "node.kubernetes.io/out-of-service"),
                "down", node("Unknown", null), "oosReady", node("True", "node.kubernetes.io/out-of-service"));
        List<ObjectNode> pods = List.of(pod("p1", "Running", "t", "oos", true), pod("p2", "Running", "t", "oos", false),
                pod("p3", "Running", "t", "down", true), pod("p4", "Running", "t", "oosReady", true),
                pod("p5", "Pending", "t", null, true));
        assertThat(PodGcSelection.terminatingOutOfService(pods, nodes::get)).extracting(Meta::name)
                .containsExactly("p1");
        assertThat(PodGcSelection.unscheduledTerminating(pods)).extracting(Meta::name).containsExactly("p5");
    }
}
