package io.k3j.scheduler;

import static io.k3j.scheduler.Fixtures.bound;
import static io.k3j.scheduler.Fixtures.cache;
import static io.k3j.scheduler.Fixtures.node;
import static io.k3j.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.scheduler.cache.SchedulerCache;
import io.k3j.scheduler.framework.FilterStatus;
import io.k3j.scheduler.framework.FitError;
import io.k3j.scheduler.framework.PodInfo;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenericSchedulerTest {

    final GenericScheduler algorithm = Scheduler.defaultAlgorithm();

    @Test
    void adaptivePercentageOfNodesToScore() {
        assertThat(GenericScheduler.numFeasibleNodesToFind(3)).isEqualTo(3);
        assertThat(GenericScheduler.numFeasibleNodesToFind(99)).isEqualTo(99);
        assertThat(GenericScheduler.numFeasibleNodesToFind(100)).isEqualTo(100);
        assertThat(GenericScheduler.numFeasibleNodesToFind(150)).isEqualTo(100);
        assertThat(GenericScheduler.numFeasibleNodesToFind(1000)).isEqualTo(420);
        assertThat(GenericScheduler.numFeasibleNodesToFind(5000)).isEqualTo(500);
        assertThat(GenericScheduler.numFeasibleNodesToFind(6000)).isEqualTo(300);
    }

    @Test
    void evaluatesOnlyAsManyNodesAsNeededAndRotates() {
        SchedulerCache c = new SchedulerCache();
        for (int i = 0; i < 1000; i++) {
            c.updateNode(node("n" + i));
        }
        GenericScheduler.Result first = algorithm.schedule(pod("p", "100m", "", ""), c);
        assertThat(first.node()).isNotNull();
        assertThat(first.evaluated()).isEqualTo(420);
        GenericScheduler.Result second = algorithm.schedule(pod("q", "100m", "", ""), c);
        int index = Integer.parseInt(second.node().substring(1));
        assertThat(index).isBetween(420, 839);
    }

    @Test
    void prefersTheLeastAllocatedNodeAndSpreadsPods() {
        SchedulerCache c = cache(node("a"), node("b"), node("c"));
        c.addOrUpdatePod(bound(pod("x", "2", "4Gi", ""), "a"));
        c.addOrUpdatePod(bound(pod("y", "1", "2Gi", ""), "b"));
        assertThat(algorithm.schedule(pod("p", "500m", "512Mi", ""), c).node()).isEqualTo("c");
        // consecutive assumed pods spread over equal nodes
        SchedulerCache even = cache(node("a"), node("b"), node("c"));
        Set<String> used = new HashSet<>();
        for (int i = 0; i < 3; i++) {
            PodInfo p = pod("p" + i, "1", "1Gi", "");
            String n = algorithm.schedule(p, even).node();
            even.assume(p, n);
            used.add(n);
        }
        assertThat(used).containsExactlyInAnyOrder("a", "b", "c");
    }

    @Test
    void preferredNodeAffinityAndPreferNoScheduleTaintsSteer() {
        SchedulerCache c = cache(node("a", "4", "8Gi", "'disk':'ssd'", ""), node("b"),
                node("c", "4", "8Gi", "'disk':'ssd'", "'taints':[{'key':'k','effect':'PreferNoSchedule'}]"));
        PodInfo p = pod("p", "", "", "'affinity':{'nodeAffinity':{'preferredDuringSchedulingIgnoredDuring"
                + "Execution':[{'weight':50,'preference':{'matchExpressions':[{'key':'disk','operator':'In',"
                + "'values':['ssd']}]}}]}}");
        for (int i = 0; i < 10; i++) {
            assertThat(algorithm.schedule(p, c).node()).isEqualTo("a");
        }
    }

    @Test
    void preferredPodAntiAffinityAvoidsTheDomain() {
        SchedulerCache c = cache(node("a"), node("b"));
        c.addOrUpdatePod(bound(pod("w1", "", "", "", "'app':'web'"), "a"));
        PodInfo p = pod("w2", "", "", "'affinity':{'podAntiAffinity':{'preferredDuringSchedulingIgnoredDuring"
                + "Execution':[{'weight':100,'podAffinityTerm':{'labelSelector':{'matchLabels':{'app':'web'}},"
                + "'topologyKey':'kubernetes.io/hostname'}}]}}", "'app':'web'");
        for (int i = 0; i < 10; i++) {
            assertThat(algorithm.schedule(p, c).node()).isEqualTo("b");
        }
    }

    @Test
    void existingPodsPreferredAffinityAttractsMatchingPods() {
        SchedulerCache c = cache(node("a"), node("b"), node("c"));
        c.addOrUpdatePod(bound(pod("cache", "", "", "'affinity':{'podAffinity':{'preferredDuringSchedulingIgnored"
                + "DuringExecution':[{'weight':100,'podAffinityTerm':{'labelSelector':{'matchLabels':{'app':'web'}},"
                + "'topologyKey':'kubernetes.io/hostname'}}]}}"), "b"));
        for (int i = 0; i < 10; i++) {
            assertThat(algorithm.schedule(pod("w", "", "", "", "'app':'web'"), c).node()).isEqualTo("b");
        }
    }

    @Test
    void softTopologySpreadPrefersEmptierDomains() {
        SchedulerCache c = cache(node("a", "4", "8Gi", "'zone':'z1'", ""), node("b", "4", "8Gi", "'zone':'z2'", ""));
        c.addOrUpdatePod(bound(pod("w1", "", "", "", "'app':'web'"), "b"));
        c.addOrUpdatePod(bound(pod("w0", "", "", "", "'app':'other'"), "a"));
        c.addOrUpdatePod(bound(pod("w9", "", "", "", "'app':'other'"), "a"));
        PodInfo p = pod("w2", "", "", "'topologySpreadConstraints':[{'maxSkew':1,'topologyKey':'zone',"
                + "'whenUnsatisfiable':'ScheduleAnyway','labelSelector':{'matchLabels':{'app':'web'}}}]", "'app':'web'");
        for (int i = 0; i < 10; i++) {
            assertThat(algorithm.schedule(p, c).node()).isEqualTo("a");
        }
    }

    @Test
    void failureMessageCountsAndSortsReasons() {
        SchedulerCache c = cache(node("a", "1", "8Gi", "", ""), node("b", "1", "1Gi", "", ""),
                node("c", "4", "8Gi", "", "'taints':[{'key':'node-role.kubernetes.io/control-plane','effect':"
                        + "'NoSchedule'}]"));
        GenericScheduler.Result r = algorithm.schedule(pod("p", "2", "2Gi", ""), c);
        assertThat(r.node()).isNull();
        assertThat(r.fitError().message()).isEqualTo("0/3 nodes are available: 1 Insufficient memory, 1 node(s) had "
                + "untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu.");
    }

    @Test
    void fitErrorMessageHasUpstreamsShape() {
        Map<String, FilterStatus> statuses = new LinkedHashMap<>();
        for (String n : new String[] {"a", "b", "c"}) {
            statuses.put(n, FilterStatus.unschedulable("NodeResourcesFit", "Insufficient cpu"));
        }
        FitError fit = new FitError(3, statuses, "preemption: 0/3 nodes are available: 3 "
                + DefaultPreemption.NO_VICTIMS + ".");
        assertThat(fit.message()).isEqualTo("0/3 nodes are available: 3 Insufficient cpu. preemption: 0/3 nodes are"
                + " available: 3 No preemption victims found for incoming pod.");
        assertThat(FitError.histogram(Map.of("node(s) didn't match Pod's node affinity/selector", 2,
                "node(s) were unschedulable", 10, "Insufficient memory", 1)))
                .isEqualTo("1 Insufficient memory, 10 node(s) were unschedulable, 2 node(s) didn't match Pod's node"
                        + " affinity/selector");
    }

    @Test
    void noNodes() {
        assertThat(algorithm.schedule(pod("p", "", "", ""), new SchedulerCache()).error())
                .isEqualTo("no nodes available to schedule pods");
    }

    @Test
    void nominatedNodeIsTriedFirst() {
        SchedulerCache c = cache(node("a"), node("b"), node("c"));
        PodInfo p = new PodInfo(Fixtures.json("{'metadata':{'name':'p','namespace':'default','uid':'p'},'spec':"
                + "{'containers':[]},'status':{'nominatedNodeName':'b'}}"));
        for (int i = 0; i < 5; i++) {
            assertThat(algorithm.schedule(p, c).node()).isEqualTo("b");
        }
    }
}
