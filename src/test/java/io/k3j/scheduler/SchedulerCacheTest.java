package io.k3j.scheduler;

import static io.k3j.scheduler.Fixtures.bound;
import static io.k3j.scheduler.Fixtures.cache;
import static io.k3j.scheduler.Fixtures.node;
import static io.k3j.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.scheduler.cache.SchedulerCache;
import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;
import org.junit.jupiter.api.Test;

class SchedulerCacheTest {

    @Test
    void assumedPodsCountUntilForgottenOrConfirmed() {
        SchedulerCache c = cache(node("a"));
        PodInfo p = pod("p", "1", "1Gi", "");
        c.assume(p, "a");
        assertThat(c.node("a").requested.milliCpu).isEqualTo(1000);
        c.forget(p);
        assertThat(c.node("a").requested.milliCpu).isZero();
        c.assume(p, "a");
        c.addOrUpdatePod(bound(p, "a"));
        c.forget(p);
        assertThat(c.node("a").requested.milliCpu).isEqualTo(1000);
        assertThat(c.node("a").pods).hasSize(1);
        c.removePod(p.uid);
        assertThat(c.node("a").requested.milliCpu).isZero();
        assertThat(c.node("a").pods).isEmpty();
    }

    @Test
    void podsMovedToAnotherNodeAreCountedOnce() {
        SchedulerCache c = cache(node("a"), node("b"));
        PodInfo p = pod("p", "1", "", "");
        c.assume(p, "a");
        c.addOrUpdatePod(bound(p, "b"));
        assertThat(c.node("a").requested.milliCpu).isZero();
        assertThat(c.node("b").requested.milliCpu).isEqualTo(1000);
    }

    @Test
    void deletedNodesAreNotOfferedEvenWhilePodsRemain() {
        SchedulerCache c = cache(node("a"), node("b"));
        c.addOrUpdatePod(bound(pod("p", "1", "", ""), "a"));
        c.removeNode("a");
        assertThat(c.node("a")).isNull();
        assertThat(c.nodes()).extracting(n -> n.name).containsExactly("b");
        c.updateNode(node("a"));
        assertThat(c.node("a").requested.milliCpu).isEqualTo(1000);
        assertThat(c.nodes()).extracting(n -> n.name).containsExactly("b", "a");
    }

    @Test
    void nodeUpdatesSayWhetherTheyMayAdmitMorePods() {
        SchedulerCache c = new SchedulerCache();
        assertThat(c.updateNode(node("a"))).as("new").isEqualTo(NodeInfo.Change.RELAXED);
        assertThat(c.updateNode(node("a"))).as("heartbeat").isEqualTo(NodeInfo.Change.NONE);
        assertThat(c.updateNode(node("a", "4", "8Gi", "'zone':'z'", ""))).as("labels").isEqualTo(NodeInfo.Change.RELAXED);
        assertThat(c.updateNode(node("a", "4", "8Gi", "'zone':'z'", "'unschedulable':true"))).as("cordoned")
                .isEqualTo(NodeInfo.Change.RESTRICTED);
        String tainted = "'unschedulable':true,'taints':[{'key':'k','effect':'NoSchedule'}]";
        assertThat(c.updateNode(node("a", "4", "8Gi", "'zone':'z'", tainted))).as("tainted")
                .isEqualTo(NodeInfo.Change.RESTRICTED);
        assertThat(c.updateNode(node("a", "2", "8Gi", "'zone':'z'", tainted))).as("less cpu")
                .isEqualTo(NodeInfo.Change.RESTRICTED);
        assertThat(c.updateNode(node("a", "8", "8Gi", "'zone':'z'", tainted))).as("more cpu")
                .isEqualTo(NodeInfo.Change.RELAXED);
        assertThat(c.updateNode(node("a", "8", "8Gi", "'zone':'z'", "'taints':[{'key':'k','effect':'NoSchedule'}]")))
                .as("uncordoned").isEqualTo(NodeInfo.Change.RELAXED);
        assertThat(c.updateNode(node("a", "8", "8Gi", "'zone':'z'", "'taints':[{'key':'k','effect':'PreferNoSchedule'}]")))
                .as("NoSchedule taint gone").isEqualTo(NodeInfo.Change.RELAXED);
        assertThat(c.updateNode(node("a", "8", "8Gi", "'zone':'z'", ""))).as("only a preference gone")
                .isEqualTo(NodeInfo.Change.RESTRICTED);
    }
}
