package io.k3j.agent.simulated;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class SimulatedStatusTest {

    private static final Instant T0 = Instant.parse("2025-05-01T10:00:00.123456789Z");

    private static ObjectNode parse(String json) {
        return (ObjectNode) Json.parse(json.getBytes());
    }

    private static JsonNode condition(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asString())) {
                return c;
            }
        }
        throw new AssertionError("no condition " + type + " in " + status);
    }

    @Test
    void numberedNodesAndAgentNodes() {
        java.util.List<SimulatedNode> sims = SimulatedNode.numbered(3);
        assertThat(sims).extracting(SimulatedNode::name).containsExactly("sim-0", "sim-1", "sim-2");
        assertThat(sims.get(2).podCidr()).isEqualTo("10.42.2.0/24");
        assertThat(sims.get(2).internalIp()).isEqualTo("10.200.0.3");
        assertThat(sims.get(2).liftsNotReadyTaint()).isTrue();
        SimulatedNode edge = SimulatedNode.agent("edge-1", "192.168.1.9", java.util.Map.of("zone", "a"),
                java.util.List.of(SimulatedNode.Taint.parse("dedicated=edge:NoSchedule")));
        assertThat(edge.podCidr()).isNull();
        assertThat(edge.liftsNotReadyTaint()).isFalse();
        assertThat(edge.taints()).containsExactly(new SimulatedNode.Taint("dedicated", "edge", "NoSchedule"));
        assertThat(SimulatedNode.Taint.parse("gpu:NoExecute")).isEqualTo(new SimulatedNode.Taint("gpu", "", "NoExecute"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatedNode.Taint.parse("gpu=yes"))
                .hasMessageContaining("key[=value]:Effect");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SimulatedNode.Taint.parse("gpu=yes:Never"))
                .hasMessageContaining("NoSchedule, PreferNoSchedule or NoExecute");
    }

    @Test
    void anAgentNodeRegistersWithItsLabelsAndTaintsAndWithoutAPodCidr() {
        SimulatedNode edge = SimulatedNode.agent("edge-1", "192.168.1.9", java.util.Map.of("zone", "a"),
                java.util.List.of(SimulatedNode.Taint.parse("dedicated=edge:NoSchedule")));
        ObjectNode node = SimulatedStatus.node(null, edge);
        assertThat(node.at("/metadata/labels/zone").asString()).isEqualTo("a");
        assertThat(node.at("/metadata/labels/kubernetes.io~1hostname").asString()).isEqualTo("edge-1");
        assertThat(node.at("/metadata/labels/k3j.io~1simulated").asString()).isEqualTo("true");
        assertThat(node.at("/metadata/labels").has("node-role.kubernetes.io/control-plane")).isFalse();
        assertThat(node.at("/spec/podCIDR").isMissingNode()).isTrue();
        assertThat(node.at("/spec/taints/0/key").asString()).isEqualTo("dedicated");
        assertThat(node.at("/spec/taints/0/value").asString()).isEqualTo("edge");
        ObjectNode assigned = node.deepCopy();
        ((ObjectNode) assigned.get("spec")).put("podCIDR", "10.42.7.0/24").remove("taints");
        ObjectNode again = SimulatedStatus.node(assigned, edge);
        assertThat(again.at("/spec/podCIDR").asString()).isEqualTo("10.42.7.0/24");
        assertThat(again.at("/spec/taints").isMissingNode()).isTrue();
        ObjectNode status = SimulatedStatus.nodeStatus(null, edge, "v1.33.1+k3j", T0);
        assertThat(status.at("/addresses/0/address").asString()).isEqualTo("192.168.1.9");
        assertThat(status.at("/addresses/1/address").asString()).isEqualTo("edge-1");
    }

    @Test
    void nodeKeepsOtherLabelsAndCarriesTheSimulationLabel() {
        ObjectNode existing = parse("{\"metadata\":{\"name\":\"sim-1\",\"labels\":{\"team\":\"a\"}},\"spec\":{}}");
        ObjectNode node = SimulatedStatus.node(existing, SimulatedNode.numbered(2).get(1));
        assertThat(node.at("/metadata/labels/team").asString()).isEqualTo("a");
        assertThat(node.at("/metadata/labels/k3j.io~1simulated").asString()).isEqualTo("true");
        assertThat(node.at("/metadata/labels/node.kubernetes.io~1instance-type").asString()).isEqualTo("k3j-simulated");
        assertThat(node.at("/metadata/labels/kubernetes.io~1hostname").asString()).isEqualTo("sim-1");
        assertThat(node.at("/spec/podCIDR").asString()).isEqualTo("10.42.1.0/24");
        assertThat(existing.at("/metadata/labels/k3j.io~1simulated").isMissingNode()).isTrue();
    }

    @Test
    void nodeStatusIsReadyAndKeepsTransitionTimes() {
        ObjectNode first = SimulatedStatus.nodeStatus(null, SimulatedNode.numbered(5).get(4), "v1.33.1+k3j", T0);
        assertThat(first.at("/capacity/cpu").asString()).isEqualTo("8");
        assertThat(first.at("/allocatable/memory").asString()).isEqualTo("32Gi");
        assertThat(first.at("/capacity/pods").asString()).isEqualTo("110");
        assertThat(condition(first, "Ready").path("status").asString()).isEqualTo("True");
        assertThat(condition(first, "Ready").path("reason").asString()).isEqualTo("KubeletReady");
        assertThat(condition(first, "DiskPressure").path("status").asString()).isEqualTo("False");
        assertThat(first.at("/addresses/0/address").asString()).isEqualTo("10.200.0.5");
        assertThat(first.at("/addresses/1/type").asString()).isEqualTo("Hostname");
        assertThat(first.at("/nodeInfo/containerRuntimeVersion").asString()).isEqualTo("simulated://1.0");
        assertThat(first.at("/nodeInfo/kubeletVersion").asString()).isEqualTo("v1.33.1+k3j");

        Instant later = T0.plusSeconds(300);
        ObjectNode second = SimulatedStatus.nodeStatus(first, SimulatedNode.numbered(5).get(4), "v1.33.1+k3j", later);
        assertThat(condition(second, "Ready").path("lastHeartbeatTime").asString()).isEqualTo("2025-05-01T10:05:00Z");
        assertThat(condition(second, "Ready").path("lastTransitionTime").asString()).isEqualTo("2025-05-01T10:00:00Z");
    }

    @Test
    void notReadyTaintIsRemovedAndOthersKept() {
        ObjectNode node = parse("""
                {"metadata":{"name":"sim-0"},"spec":{"taints":[
                  {"key":"node.kubernetes.io/not-ready","effect":"NoSchedule"},
                  {"key":"dedicated","value":"x","effect":"NoSchedule"}]}}""");
        assertThat(SimulatedStatus.hasNotReadyTaint(node)).isTrue();
        ObjectNode lifted = SimulatedStatus.withoutNotReadyTaint(node);
        assertThat(SimulatedStatus.hasNotReadyTaint(lifted)).isFalse();
        assertThat(lifted.at("/spec/taints").size()).isEqualTo(1);
        assertThat(lifted.at("/spec/taints/0/key").asString()).isEqualTo("dedicated");
        ObjectNode only = parse("{\"spec\":{\"taints\":[{\"key\":\"node.kubernetes.io/not-ready\"}]}}");
        assertThat(SimulatedStatus.withoutNotReadyTaint(only).at("/spec/taints").isMissingNode()).isTrue();
    }

    @Test
    void leaseRenewTimeIsMicroTime() {
        ObjectNode node = parse("{\"metadata\":{\"name\":\"sim-0\",\"uid\":\"u1\"}}");
        ObjectNode lease = SimulatedStatus.lease(node, T0);
        assertThat(lease.at("/spec/renewTime").asString()).isEqualTo("2025-05-01T10:00:00.123456Z");
        assertThat(lease.at("/spec/leaseDurationSeconds").asInt()).isEqualTo(40);
        assertThat(lease.at("/metadata/namespace").asString()).isEqualTo("kube-node-lease");
        assertThat(lease.at("/metadata/ownerReferences/0/uid").asString()).isEqualTo("u1");
        assertThat(SimulatedStatus.microTime(Instant.parse("2025-05-01T10:00:00Z"))).isEqualTo("2025-05-01T10:00:00.000000Z");
    }

    @Test
    void runningStatusReportsEveryContainer() {
        ObjectNode pod = parse("""
                {"metadata":{"name":"p","uid":"uid-1"},
                 "spec":{"nodeName":"sim-1","initContainers":[{"name":"init","image":"busybox"}],
                         "containers":[{"name":"a","image":"nginx:1"},{"name":"b","image":"redis"}]},
                 "status":{"phase":"Pending","qosClass":"BestEffort"}}""");
        ObjectNode s = SimulatedStatus.running(pod, "10.200.0.2", "10.42.1.2", T0);
        assertThat(s.path("phase").asString()).isEqualTo("Running");
        assertThat(s.path("podIP").asString()).isEqualTo("10.42.1.2");
        assertThat(s.at("/podIPs/0/ip").asString()).isEqualTo("10.42.1.2");
        assertThat(s.path("hostIP").asString()).isEqualTo("10.200.0.2");
        assertThat(s.path("startTime").asString()).isEqualTo("2025-05-01T10:00:00Z");
        for (String type : new String[] {"PodScheduled", "Initialized", "ContainersReady", "Ready"}) {
            assertThat(condition(s, type).path("status").asString()).as(type).isEqualTo("True");
        }
        assertThat(s.path("containerStatuses").size()).isEqualTo(2);
        JsonNode a = s.at("/containerStatuses/0");
        assertThat(a.path("ready").asBoolean()).isTrue();
        assertThat(a.path("started").asBoolean()).isTrue();
        assertThat(a.path("restartCount").asInt()).isZero();
        assertThat(a.path("imageID").asString()).isEqualTo("simulated://nginx:1");
        assertThat(a.path("containerID").asString()).isEqualTo("simulated://uid-1-a");
        assertThat(a.at("/state/running/startedAt").asString()).isEqualTo("2025-05-01T10:00:00Z");
        assertThat(s.at("/initContainerStatuses/0/state/terminated/reason").asString()).isEqualTo("Completed");
        assertThat(pod.at("/status/phase").asString()).isEqualTo("Pending");

        ObjectNode running = pod.deepCopy();
        running.set("status", s);
        ObjectNode done = SimulatedStatus.succeeded(running, T0.plusSeconds(2));
        assertThat(done.path("phase").asString()).isEqualTo("Succeeded");
        assertThat(condition(done, "Ready").path("status").asString()).isEqualTo("False");
        assertThat(condition(done, "Ready").path("reason").asString()).isEqualTo("PodCompleted");
        assertThat(done.at("/containerStatuses/1/state/terminated/exitCode").asInt()).isZero();
        assertThat(done.at("/containerStatuses/1/state/terminated/startedAt").asString()).isEqualTo("2025-05-01T10:00:00Z");
        assertThat(done.at("/containerStatuses/1/ready").asBoolean()).isFalse();
    }

    @Test
    void exitCodeAnnotationMakesThePodFail() {
        ObjectNode pod = parse("""
                {"metadata":{"name":"p","uid":"uid-2","annotations":{"k3j.io/simulated-exit-code":"3"}},
                 "spec":{"nodeName":"sim-0","restartPolicy":"Never","containers":[{"name":"a","image":"busybox"}]},
                 "status":{"phase":"Pending"}}""");
        assertThat(SimulatedStatus.exitCode(pod)).isEqualTo(3);
        ObjectNode running = pod.deepCopy();
        running.set("status", SimulatedStatus.running(pod, "10.200.0.1", "10.42.0.2", T0));
        ObjectNode failed = SimulatedStatus.terminated(running, SimulatedStatus.exitCode(pod), T0.plusSeconds(1));
        assertThat(failed.path("phase").asString()).isEqualTo("Failed");
        assertThat(condition(failed, "Ready").path("reason").asString()).isEqualTo("PodFailed");
        assertThat(failed.at("/containerStatuses/0/state/terminated/exitCode").asInt()).isEqualTo(3);
        assertThat(failed.at("/containerStatuses/0/state/terminated/reason").asString()).isEqualTo("Error");
        assertThat(SimulatedStatus.exitCode(parse("{\"metadata\":{}}"))).isZero();
        assertThat(SimulatedStatus.exitCode(parse(
                "{\"metadata\":{\"annotations\":{\"k3j.io/simulated-exit-code\":\"x\"}}}"))).isZero();
    }

    @Test
    void runtimeOfPodsThatEndByThemselves() {
        ObjectNode job = parse("""
                {"metadata":{"ownerReferences":[{"kind":"Job","name":"j","uid":"1"}]},"spec":{"restartPolicy":"Never"}}""");
        assertThat(SimulatedStatus.runtime(job)).isEqualTo(Duration.ofSeconds(2));
        ObjectNode annotated = parse("""
                {"metadata":{"annotations":{"k3j.io/simulated-runtime":"500ms"}},"spec":{"restartPolicy":"OnFailure"}}""");
        assertThat(SimulatedStatus.runtime(annotated)).isEqualTo(Duration.ofMillis(500));
        ObjectNode always = parse("""
                {"metadata":{"ownerReferences":[{"kind":"Job"}],"annotations":{"k3j.io/simulated-runtime":"5s"}},"spec":{}}""");
        assertThat(SimulatedStatus.runtime(always)).isNull();
        ObjectNode plain = parse("{\"metadata\":{},\"spec\":{\"restartPolicy\":\"Never\"}}");
        assertThat(SimulatedStatus.runtime(plain)).isNull();
        assertThat(SimulatedStatus.parseDuration("5s")).isEqualTo(Duration.ofSeconds(5));
        assertThat(SimulatedStatus.parseDuration("3")).isEqualTo(Duration.ofSeconds(3));
        assertThat(SimulatedStatus.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(SimulatedStatus.parseDuration("soon")).isNull();
        assertThat(SimulatedStatus.parseDuration("")).isNull();
    }

    @Test
    void qosClasses() {
        assertThat(SimulatedStatus.qosClass(parse("{\"spec\":{\"containers\":[{\"name\":\"a\"}]}}"))).isEqualTo("BestEffort");
        assertThat(SimulatedStatus.qosClass(parse("""
                {"spec":{"containers":[{"resources":{"limits":{"cpu":"1","memory":"1Gi"}}}]}}"""))).isEqualTo("Guaranteed");
        assertThat(SimulatedStatus.qosClass(parse("""
                {"spec":{"containers":[{"resources":{"requests":{"cpu":"1"}}}]}}"""))).isEqualTo("Burstable");
    }
}
