package io.k3j.scheduler;

import static io.k3j.scheduler.Fixtures.bound;
import static io.k3j.scheduler.Fixtures.cache;
import static io.k3j.scheduler.Fixtures.node;
import static io.k3j.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.scheduler.cache.SchedulerCache;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.FilterStatus;
import io.k3j.scheduler.framework.PodInfo;
import io.k3j.scheduler.plugins.InterPodAffinity;
import io.k3j.scheduler.plugins.NodeAffinity;
import io.k3j.scheduler.plugins.NodeName;
import io.k3j.scheduler.plugins.NodePorts;
import io.k3j.scheduler.plugins.NodeResourcesFit;
import io.k3j.scheduler.plugins.NodeUnschedulable;
import io.k3j.scheduler.plugins.PodTopologySpread;
import io.k3j.scheduler.plugins.TaintToleration;
import org.junit.jupiter.api.Test;

class FiltersTest {

    static FilterStatus filter(FilterPlugin plugin, PodInfo pod, SchedulerCache cache, String node) {
        CycleState state = new CycleState();
        plugin.preFilter(state, pod, cache);
        return plugin.filter(state, pod, cache.node(node));
    }

    @Test
    void unschedulableNodesAreSkippedUnlessTolerated() {
        SchedulerCache c = cache(node("a", "4", "8Gi", "", "'unschedulable':true"));
        FilterStatus s = filter(new NodeUnschedulable(), pod("p", "", "", ""), c, "a");
        assertThat(s.reasons()).containsExactly("node(s) were unschedulable");
        assertThat(s.unresolvable()).isTrue();
        assertThat(filter(new NodeUnschedulable(), pod("p", "", "", "'tolerations':[{'key':"
                + "'node.kubernetes.io/unschedulable','operator':'Exists','effect':'NoSchedule'}]"), c, "a")).isNull();
    }

    @Test
    void nodeNameMustMatch() {
        SchedulerCache c = cache(node("a"), node("b"));
        PodInfo p = pod("p", "", "", "'nodeName':'b'");
        assertThat(filter(new NodeName(), p, c, "a").reasons())
                .containsExactly("node(s) didn't match the requested node name");
        assertThat(filter(new NodeName(), p, c, "b")).isNull();
    }

    @Test
    void untoleratedTaintsAreNamedWithKeyAndValue() {
        SchedulerCache c = cache(node("a", "4", "8Gi", "", "'taints':[{'key':'dedicated','value':'gpu',"
                + "'effect':'NoSchedule'}]"), node("b", "4", "8Gi", "", "'taints':[{'key':'soft','effect':"
                + "'PreferNoSchedule'},{'key':'gone','effect':'NoExecute'}]"));
        PodInfo plain = pod("p", "", "", "");
        assertThat(filter(new TaintToleration(), plain, c, "a").reasons())
                .containsExactly("node(s) had untolerated taint {dedicated: gpu}");
        assertThat(filter(new TaintToleration(), plain, c, "b").reasons())
                .containsExactly("node(s) had untolerated taint {gone: }");
        PodInfo tolerant = pod("t", "", "", "'tolerations':[{'key':'dedicated','operator':'Equal','value':'gpu',"
                + "'effect':'NoSchedule'},{'operator':'Exists','effect':'NoExecute'}]");
        assertThat(filter(new TaintToleration(), tolerant, c, "a")).isNull();
        assertThat(filter(new TaintToleration(), tolerant, c, "b")).isNull();
        PodInfo wrongValue = pod("w", "", "", "'tolerations':[{'key':'dedicated','value':'cpu'}]");
        assertThat(filter(new TaintToleration(), wrongValue, c, "a")).isNotNull();
    }

    @Test
    void nodeSelectorAndRequiredNodeAffinity() {
        SchedulerCache c = cache(node("a", "4", "8Gi", "'zone':'z1','gen':'5'", ""),
                node("b", "4", "8Gi", "'zone':'z2','gen':'3'", ""), node("c", "4", "8Gi", "", ""));
        PodInfo selector = pod("p", "", "", "'nodeSelector':{'zone':'z1'}");
        assertThat(filter(new NodeAffinity(), selector, c, "a")).isNull();
        assertThat(filter(new NodeAffinity(), selector, c, "b").reasons())
                .containsExactly("node(s) didn't match Pod's node affinity/selector");
        PodInfo affinity = pod("q", "", "", "'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuring"
                + "Execution':{'nodeSelectorTerms':[{'matchExpressions':[{'key':'gen','operator':'Gt',"
                + "'values':['4']}]},{'matchExpressions':[{'key':'zone','operator':'DoesNotExist'}]}]}}}");
        assertThat(filter(new NodeAffinity(), affinity, c, "a")).isNull();
        assertThat(filter(new NodeAffinity(), affinity, c, "b")).isNotNull();
        assertThat(filter(new NodeAffinity(), affinity, c, "c")).isNull();
        PodInfo notIn = pod("n", "", "", "'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuring"
                + "Execution':{'nodeSelectorTerms':[{'matchExpressions':[{'key':'zone','operator':'NotIn',"
                + "'values':['z1']},{'key':'gen','operator':'Lt','values':['4']},{'key':'zone',"
                + "'operator':'Exists'}]}]}}}");
        assertThat(filter(new NodeAffinity(), notIn, c, "a")).isNotNull();
        assertThat(filter(new NodeAffinity(), notIn, c, "b")).isNull();
        PodInfo fields = pod("f", "", "", "'affinity':{'nodeAffinity':{'requiredDuringSchedulingIgnoredDuring"
                + "Execution':{'nodeSelectorTerms':[{'matchFields':[{'key':'metadata.name','operator':'In',"
                + "'values':['c']}]}]}}}");
        assertThat(filter(new NodeAffinity(), fields, c, "c")).isNull();
        assertThat(filter(new NodeAffinity(), fields, c, "a")).isNotNull();
    }

    @Test
    void resourcesFitCountsBoundAndAssumedPodsAndInitContainers() {
        SchedulerCache c = cache(node("a", "2", "4Gi", "", ""));
        c.addOrUpdatePod(bound(pod("x", "1500m", "1Gi", ""), "a"));
        assertThat(filter(new NodeResourcesFit(), pod("p", "500m", "1Gi", ""), c, "a")).isNull();
        assertThat(filter(new NodeResourcesFit(), pod("p", "600m", "1Gi", ""), c, "a").reasons())
                .containsExactly("Insufficient cpu");
        c.assume(pod("y", "100m", "2Gi", ""), "a");
        assertThat(filter(new NodeResourcesFit(), pod("p", "600m", "2Gi", ""), c, "a").reasons())
                .containsExactly("Insufficient cpu", "Insufficient memory");
        // an init container asking for more than the containers sets the request
        PodInfo init = pod("i", "100m", "", "'initContainers':[{'name':'init','image':'x','resources':"
                + "{'requests':{'cpu':'1'}}}]");
        assertThat(init.requests.milliCpu).isEqualTo(1000);
        assertThat(filter(new NodeResourcesFit(), init, c, "a").reasons()).containsExactly("Insufficient cpu");
        PodInfo overhead = pod("o", "100m", "", "'overhead':{'cpu':'250m'}");
        assertThat(overhead.requests.milliCpu).isEqualTo(350);
        // terminal pods take nothing
        c.addOrUpdatePod(new PodInfo(withPhase(bound(pod("x", "1500m", "1Gi", ""), "a"), "Succeeded")));
        assertThat(filter(new NodeResourcesFit(), pod("p", "1500m", "1Gi", ""), c, "a")).isNull();
    }

    @Test
    void podCountIsLimited() {
        SchedulerCache c = cache(Fixtures.json("{'metadata':{'name':'a'},'status':{'allocatable':{'cpu':'4',"
                + "'memory':'1Gi','pods':'1'}}}"));
        assertThat(filter(new NodeResourcesFit(), pod("p", "", "", ""), c, "a")).isNull();
        c.assume(pod("q", "", "", ""), "a");
        assertThat(filter(new NodeResourcesFit(), pod("p", "", "", ""), c, "a").reasons())
                .containsExactly("Too many pods");
    }

    @Test
    void hostPortsMustBeFree() {
        SchedulerCache c = cache(node("a"));
        String port = "'containers':[{'name':'c','image':'x','ports':[{'containerPort':80,'hostPort':8080}]}]";
        c.assume(new PodInfo(Fixtures.json("{'metadata':{'name':'x','namespace':'d','uid':'x'},'spec':{" + port
                + "}}")), "a");
        PodInfo same = new PodInfo(Fixtures.json("{'metadata':{'name':'p','namespace':'d','uid':'p'},'spec':{"
                + port + "}}"));
        assertThat(filter(new NodePorts(), same, c, "a").reasons())
                .containsExactly("node(s) didn't have free ports for the requested pod ports");
        PodInfo udp = new PodInfo(Fixtures.json("{'metadata':{'name':'u','namespace':'d','uid':'u'},'spec':{"
                + "'containers':[{'name':'c','image':'x','ports':[{'containerPort':80,'hostPort':8080,"
                + "'protocol':'UDP'}]}]}}"));
        assertThat(filter(new NodePorts(), udp, c, "a")).isNull();
    }

    @Test
    void podAntiAffinityAndAffinityByTopology() {
        SchedulerCache c = cache(node("a", "4", "8Gi", "'zone':'z1'", ""), node("b", "4", "8Gi", "'zone':'z1'", ""),
                node("c", "4", "8Gi", "'zone':'z2'", ""));
        c.addOrUpdatePod(bound(pod("web-1", "", "", "", "'app':'web'"), "a"));
        PodInfo anti = pod("web-2", "", "", "'affinity':{'podAntiAffinity':{'requiredDuringSchedulingIgnored"
                + "DuringExecution':[{'labelSelector':{'matchLabels':{'app':'web'}},'topologyKey':'zone'}]}}",
                "'app':'web'");
        assertThat(filter(new InterPodAffinity(), anti, c, "b").reasons())
                .containsExactly("node(s) didn't match pod anti-affinity rules");
        assertThat(filter(new InterPodAffinity(), anti, c, "c")).isNull();
        PodInfo with = pod("cache", "", "", "'affinity':{'podAffinity':{'requiredDuringSchedulingIgnored"
                + "DuringExecution':[{'labelSelector':{'matchLabels':{'app':'web'}},'topologyKey':"
                + "'kubernetes.io/hostname'}]}}");
        assertThat(filter(new InterPodAffinity(), with, c, "a")).isNull();
        FilterStatus s = filter(new InterPodAffinity(), with, c, "b");
        assertThat(s.reasons()).containsExactly("node(s) didn't match pod affinity rules");
        assertThat(s.unresolvable()).isTrue();
        // an existing pod's anti-affinity keeps matching pods out of its zone
        c.addOrUpdatePod(bound(anti, "c"));
        PodInfo web3 = pod("web-3", "", "", "", "'app':'web'");
        assertThat(filter(new InterPodAffinity(), web3, c, "c").reasons())
                .containsExactly("node(s) didn't satisfy existing pods anti-affinity rules");
        assertThat(filter(new InterPodAffinity(), web3, c, "a")).isNull();
        // the first pod of a group matching its own affinity may go anywhere
        PodInfo first = pod("db-1", "", "", "'affinity':{'podAffinity':{'requiredDuringSchedulingIgnored"
                + "DuringExecution':[{'labelSelector':{'matchLabels':{'app':'db'}},'topologyKey':'zone'}]}}",
                "'app':'db'");
        assertThat(filter(new InterPodAffinity(), first, c, "b")).isNull();
    }

    @Test
    void topologySpreadKeepsSkewWithinMaxSkew() {
        SchedulerCache c = cache(node("a", "4", "8Gi", "'zone':'z1'", ""), node("b", "4", "8Gi", "'zone':'z2'", ""),
                node("c", "4", "8Gi", "", ""));
        c.addOrUpdatePod(bound(pod("w1", "", "", "", "'app':'web'"), "a"));
        PodInfo p = pod("w2", "", "", "'topologySpreadConstraints':[{'maxSkew':1,'topologyKey':'zone',"
                + "'whenUnsatisfiable':'DoNotSchedule','labelSelector':{'matchLabels':{'app':'web'}}}]", "'app':'web'");
        assertThat(filter(new PodTopologySpread(), p, c, "a").reasons())
                .containsExactly("node(s) didn't match pod topology spread constraints");
        assertThat(filter(new PodTopologySpread(), p, c, "b")).isNull();
        FilterStatus missing = filter(new PodTopologySpread(), p, c, "c");
        assertThat(missing.reasons())
                .containsExactly("node(s) didn't match pod topology spread constraints (missing required label)");
        assertThat(missing.unresolvable()).isTrue();
    }

    @Test
    void matchLabelKeysNarrowTheSpreadSelectorToThePodsOwnValues() {
        SchedulerCache c = cache(node("a", "4", "8Gi", "'zone':'z1'", ""), node("b", "4", "8Gi", "'zone':'z2'", ""));
        c.addOrUpdatePod(bound(pod("old", "", "", "", "'app':'web','hash':'v1'"), "a"));
        c.addOrUpdatePod(bound(pod("old2", "", "", "", "'app':'web','hash':'v1'"), "a"));
        String spread = "'topologySpreadConstraints':[{'maxSkew':1,'topologyKey':'zone','whenUnsatisfiable':"
                + "'DoNotSchedule','labelSelector':{'matchLabels':{'app':'web'}}%s}]";
        PodInfo plain = pod("new", "", "", spread.formatted(""), "'app':'web','hash':'v2'");
        assertThat(filter(new PodTopologySpread(), plain, c, "a")).isNotNull();
        PodInfo keyed = pod("new", "", "", spread.formatted(",'matchLabelKeys':['hash']"), "'app':'web','hash':'v2'");
        assertThat(filter(new PodTopologySpread(), keyed, c, "a")).isNull();
    }

    static tools.jackson.databind.node.ObjectNode withPhase(PodInfo p, String phase) {
        tools.jackson.databind.node.ObjectNode o = p.object.deepCopy();
        o.putObject("status").put("phase", phase);
        return o;
    }
}
