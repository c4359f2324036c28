package io.k3j.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

class SchedulerEventsTest {

    static ObjectNode pod(String node, String phase, String labels, boolean deleting) {
        return Fixtures.json("{'metadata':{'name':'p','namespace':'d','uid':'u','labels':{" + labels + "}"
                + (deleting ? ",'deletionTimestamp':'2026-01-01T00:00:00Z'" : "") + "},'spec':{'nodeName':'" + node
                + "'},'status':{'phase':'" + phase + "','podIP':'10.42.0.9'}}");
    }

    @Test
    void statusOnlyUpdatesOfBoundPodsNeedNoReparse() {
        ObjectNode pending = pod("a", "Pending", "'app':'x'", false);
        assertThat(Scheduler.boundAndUnchanged(pending, pod("a", "Running", "'app':'x'", false))).isTrue();
        assertThat(Scheduler.boundAndUnchanged(pending, pod("a", "Succeeded", "'app':'x'", false))).isFalse();
        assertThat(Scheduler.boundAndUnchanged(pending, pod("a", "Pending", "'app':'y'", false))).isFalse();
        assertThat(Scheduler.boundAndUnchanged(pending, pod("a", "Pending", "'app':'x'", true))).isFalse();
        assertThat(Scheduler.boundAndUnchanged(pod("", "Pending", "", false), pod("a", "Pending", "", false)))
                .isFalse();
        assertThat(Scheduler.boundAndUnchanged(pod("", "Pending", "", false), pod("", "Pending", "", false)))
                .isFalse();
    }

    @Test
    void aChangedNodeRetriesOnlyThePodsItsCordonAndTaintsLetIn() {
        var plain = Fixtures.pod("plain", "", "", "");
        var tolerant = Fixtures.pod("tolerant", "", "", "'tolerations':[{'operator':'Exists'}]");
        var tainted = Scheduler.mayFit(Fixtures.node("a", "4", "8Gi", "",
                "'taints':[{'key':'node.kubernetes.io/unschedulable','effect':'NoSchedule'}]"));
        assertThat(tainted.test(plain)).isFalse();
        assertThat(tainted.test(tolerant)).isTrue();
        var cordoned = Scheduler.mayFit(Fixtures.node("a", "4", "8Gi", "", "'unschedulable':true"));
        assertThat(cordoned.test(plain)).isFalse();
        assertThat(cordoned.test(tolerant)).isTrue();
        var preferring = Scheduler.mayFit(Fixtures.node("a", "4", "8Gi", "",
                "'taints':[{'key':'k','effect':'PreferNoSchedule'}]"));
        assertThat(preferring.test(plain)).isTrue();
        // decided once per kind of pod: pods with equal tolerations share one list, others do not
        var twin = Fixtures.pod("twin", "", "", "'tolerations':[{'operator':'Exists'}]");
        assertThat(twin.tolerations).isSameAs(tolerant.tolerations);
        var keyed = Fixtures.pod("keyed", "", "", "'tolerations':[{'key':'node.kubernetes.io/unschedulable',"
                + "'operator':'Exists','effect':'NoSchedule'}]");
        var again = Scheduler.mayFit(Fixtures.node("a", "4", "8Gi", "",
                "'taints':[{'key':'node.kubernetes.io/unschedulable','effect':'NoSchedule'}]"));
        assertThat(again.test(plain)).isFalse();
        assertThat(again.test(keyed)).isTrue();
        assertThat(again.test(twin)).isTrue();
        assertThat(again.test(Fixtures.pod("plain2", "", "", ""))).isFalse();
    }
}
