package io.k3j.controllers.nodelifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.api.Json;
import io.k3j.controllers.nodelifecycle.Taints.Taint;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class NodeConditionsTest {

    static ObjectNode node(String ready, String taints) {
        return (ObjectNode) Json.parse(("{\"metadata\":{\"name\":\"n\"},\"spec\":{\"taints\":" + taints + "},"
                + "\"status\":{\"conditions\":[{\"type\":\"Ready\",\"status\":\"" + ready + "\","
                + "\"lastHeartbeatTime\":\"2026-01-01T00:00:00Z\",\"reason\":\"KubeletReady\"},"
                + "{\"type\":\"MemoryPressure\",\"status\":\"False\"}]}}").getBytes());
    }

    @Test
    void unknownStatusMarksEveryKubeletConditionAndAddsMissingOnes() {
        ObjectNode status = NodeConditions.unknownStatus(node("True", "[]"), "2026-01-01T00:01:00Z");
        ObjectNode n = Json.object();
        n.set("status", status);
        for (String type : NodeConditions.KUBELET_CONDITIONS) {
            assertThat(NodeConditions.status(n, type)).isEqualTo("Unknown");
        }
        assertThat(status.path("conditions").get(0).path("reason").asString()).isEqualTo("NodeStatusUnknown");
        assertThat(status.path("conditions").get(0).path("message").asString())
                .isEqualTo("Kubelet stopped posting node status.");
        assertThat(status.path("conditions").get(0).path("lastHeartbeatTime").asString())
                .isEqualTo("2026-01-01T00:00:00Z");
        assertThat(NodeConditions.allUnknown(n)).isTrue();
    }

    @Test
    void readyConditionDecidesTheNoExecuteAndNoScheduleTaints() {
        assertThat(NodeConditions.desiredTaints(node("Unknown", "[]"))).containsExactly(
                new Taint(Taints.UNREACHABLE, "", "NoExecute"), new Taint(Taints.UNREACHABLE, "", "NoSchedule"));
        assertThat(NodeConditions.desiredTaints(node("False", "[]"))).containsExactly(
                new Taint(Taints.NOT_READY, "", "NoExecute"), new Taint(Taints.NOT_READY, "", "NoSchedule"));
        assertThat(NodeConditions.desiredTaints(node("True", "[]"))).isEmpty();
    }

    @Test
    void recoveryRemovesManagedTaintsButKeepsOthers() {
        ObjectNode n = node("True", "[{\"key\":\"node.kubernetes.io/unreachable\",\"effect\":\"NoExecute\"},"
                + "{\"key\":\"mine\",\"effect\":\"NoExecute\"}]");
        List<Taint> desired = NodeConditions.desiredTaints(n);
        List<Taint> stale = NodeConditions.staleTaints(n, desired);
        assertThat(stale).extracting(Taint::key).containsExactly(Taints.UNREACHABLE);
        assertThat(Taints.with(n, List.of(), stale, null).toString()).doesNotContain("unreachable").contains("mine");
    }

    @Test
    void aNodeIsOverdueOnlyAfterTheGracePeriodWithoutHeartbeatOrLeaseRenewal() {
        NodeHealth h = new NodeHealth();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        Duration grace = Duration.ofSeconds(40);
        assertThat(h.overdue("n", "hb1", "r1", t0, grace)).isFalse();
        assertThat(h.overdue("n", "hb1", "r1", t0.plusSeconds(39), grace)).isFalse();
        // the lease renewed at 39 s: the clock starts again
        assertThat(h.overdue("n", "hb1", "r2", t0.plusSeconds(39), grace)).isFalse();
        assertThat(h.overdue("n", "hb1", "r2", t0.plusSeconds(70), grace)).isFalse();
        assertThat(h.overdue("n", "hb1", "r2", t0.plusSeconds(80), grace)).isTrue();
        // a new status heartbeat also counts
        assertThat(h.overdue("n", "hb2", "r2", t0.plusSeconds(81), grace)).isFalse();
    }
}
