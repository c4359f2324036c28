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
}
