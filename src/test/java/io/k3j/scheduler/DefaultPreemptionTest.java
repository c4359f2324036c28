package io.k3j.scheduler;

import static io.k3j.scheduler.Fixtures.bound;
import static io.k3j.scheduler.Fixtures.cache;
import static io.k3j.scheduler.Fixtures.node;
import static io.k3j.scheduler.Fixtures.pod;
import static org.assertj.core.api.Assertions.assertThat;

import io.k3j.scheduler.cache.SchedulerCache;
import io.k3j.scheduler.framework.PodInfo;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefaultPreemptionTest {

    final GenericScheduler algorithm = Scheduler.defaultAlgorithm();
    final DefaultPreemption preemption = new DefaultPreemption(algorithm);

    static PodInfo prio(String name, String cpu, int priority, String nodeName) {
        PodInfo p = pod(name, cpu, "", "'priority':" + priority);
        return nodeName == null ? p : bound(p, nodeName);
    }

    DefaultPreemption.Outcome run(PodInfo pod, SchedulerCache c) {
        GenericScheduler.Result r = algorithm.schedule(pod, c);
        assertThat(r.node()).isNull();
        return preemption.preempt(pod, r.fitError(), r.state(), c);
    }

    @Test
    void evictsTheFewestLowestPriorityPods() {
        SchedulerCache c = cache(node("a", "2", "8Gi", "", ""), node("b", "2", "8Gi", "", ""));
        c.addOrUpdatePod(prio("a-low", "1", 10, "a"));
        c.addOrUpdatePod(prio("a-mid", "1", 50, "a"));
        c.addOrUpdatePod(prio("b-low1", "1", 10, "b"));
        c.addOrUpdatePod(prio("b-low2", "1", 10, "b"));
        DefaultPreemption.Outcome o = run(prio("high", "1", 100, null), c);
        // on b both victims have priority 10; on a the single victim is a-low (a-mid is reprieved)
        assertThat(o.node()).isEqualTo("a");
        assertThat(o.victims()).extracting(p -> p.name).containsExactly("a-low");
    }

    @Test
    void prefersTheNodeWhoseVictimsHaveTheLowestPriority() {
        SchedulerCache c = cache(node("a", "2", "8Gi", "", ""), node("b", "2", "8Gi", "", ""));
        c.addOrUpdatePod(prio("a1", "2", 50, "a"));
        c.addOrUpdatePod(prio("b1", "1", 5, "b"));
        c.addOrUpdatePod(prio("b2", "1", 5, "b"));
        DefaultPreemption.Outcome o = run(prio("high", "2", 100, null), c);
        assertThat(o.node()).isEqualTo("b");
        assertThat(o.victims()).extracting(p -> p.name).containsExactlyInAnyOrder("b1", "b2");
    }

    static PodInfo labelled(String name, String cpu, int priority, String nodeName, String labels) {
        return bound(Fixtures.pod(name, cpu, "", "'priority':" + priority, labels), nodeName);
    }

    static DefaultPreemption.Budget budget(String selector, int allowed, String disrupted) {
        return DefaultPreemption.Budget.of(Fixtures.json("{'metadata':{'name':'b','namespace':'default'},"
                + "'spec':{'selector':" + selector + "},'status':{'disruptionsAllowed':" + allowed
                + ",'disruptedPods':{" + disrupted + "}}}"));
    }

    DefaultPreemption.Outcome run(PodInfo pod, SchedulerCache c, List<DefaultPreemption.Budget> budgets) {
        GenericScheduler.Result r = algorithm.schedule(pod, c);
        assertThat(r.node()).isNull();
        return new DefaultPreemption(algorithm, () -> budgets).preempt(pod, r.fitError(), r.state(), c);
    }

    @Test
    void prefersANodeWhereNoEvictionViolatesABudget() {
        SchedulerCache c = cache(node("a", "1", "8Gi", "", ""), node("b", "1", "8Gi", "", ""));
        c.addOrUpdatePod(labelled("guarded", "1", 10, "a", "'app':'db'"));
        c.addOrUpdatePod(labelled("free", "1", 50, "b", "'app':'web'"));
        PodInfo high = prio("high", "1", 100, null);
        assertThat(run(high, c, List.of()).node()).as("without budgets: the lowest victim priority").isEqualTo("a");
        DefaultPreemption.Outcome o = run(high, c, List.of(budget("{'matchLabels':{'app':'db'}}", 0, "")));
        assertThat(o.node()).isEqualTo("b");
        assertThat(o.victims()).extracting(p -> p.name).containsExactly("free");
    }

    @Test
    void budgetsAreHonouredAsFarAsPossibleNotGuaranteed() {
        SchedulerCache c = cache(node("a", "1", "8Gi", "", ""));
        c.addOrUpdatePod(labelled("guarded", "1", 10, "a", "'app':'db'"));
        DefaultPreemption.Outcome o = run(prio("high", "1", 100, null), c,
                List.of(budget("{'matchLabels':{'app':'db'}}", 0, "")));
        assertThat(o.victims()).extracting(p -> p.name).containsExactly("guarded");
    }

    @Test
    void violatingPodsAreReprievedFirst() {
        SchedulerCache c = cache(node("a", "2", "8Gi", "", ""));
        c.addOrUpdatePod(labelled("guarded", "1", 5, "a", "'app':'db'"));
        c.addOrUpdatePod(labelled("plain", "1", 50, "a", "'app':'web'"));
        PodInfo high = prio("high", "1", 100, null);
        // by priority alone "plain" (50) is given back first and "guarded" (5) goes
        assertThat(run(high, c, List.of()).victims()).extracting(p -> p.name).containsExactly("guarded");
        assertThat(run(high, c, List.of(budget("{'matchLabels':{'app':'db'}}", 0, ""))).victims())
                .extracting(p -> p.name).containsExactly("plain");
        // a budget with room, an empty selector, another namespace's or one already counting the pod is no violation
        for (DefaultPreemption.Budget b : List.of(budget("{'matchLabels':{'app':'db'}}", 1, ""), budget("{}", 0, ""),
                budget("{'matchLabels':{'app':'db'}}", 0, "'guarded':'2026-01-01T00:00:00Z'"),
                new DefaultPreemption.Budget("other", io.k3j.api.LabelSelector.parse("app=db"), 0, java.util.Set.of()))) {
            assertThat(run(high, c, List.of(b)).victims()).extracting(p -> p.name).containsExactly("guarded");
        }
    }

    @Test
    void noVictimsAmongEqualOrHigherPriority() {
        SchedulerCache c = cache(node("a", "1", "8Gi", "", ""), node("b", "1", "8Gi", "", ""),
                node("c", "4", "8Gi", "'x':'y'", "'taints':[{'key':'t','value':'v','effect':'NoSchedule'}]"));
        c.addOrUpdatePod(prio("a1", "1", 100, "a"));
        c.addOrUpdatePod(prio("b1", "1", 200, "b"));
        PodInfo p = prio("p", "1", 100, null);
        GenericScheduler.Result r = algorithm.schedule(p, c);
        DefaultPreemption.Outcome o = preemption.preempt(p, r.fitError(), r.state(), c);
        assertThat(o.node()).isNull();
        assertThat(r.fitError().withPostFilterMessage(o.message()).message()).isEqualTo("0/3 nodes are available: "
                + "1 node(s) had untolerated taint {t: v}, 2 Insufficient cpu. preemption: 0/3 nodes are available: "
                + "1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.");
    }

    @Test
    void preemptionPolicyNever() {
        SchedulerCache c = cache(node("a", "1", "8Gi", "", ""));
        c.addOrUpdatePod(prio("a1", "1", 0, "a"));
        PodInfo p = pod("p", "1", "", "'priority':100,'preemptionPolicy':'Never'");
        assertThat(run(p, c).message()).isEqualTo("preemption: not eligible due to preemptionPolicy=Never.");
    }

    @Test
    void nominatedPodsReserveRoomForLowerPriorityPods() {
        SchedulerCache c = cache(node("a", "2", "8Gi", "", ""));
        c.nominate(prio("high", "2", 100, null), "a");
        assertThat(algorithm.schedule(prio("low", "1", 10, null), c).node()).isNull();
        assertThat(algorithm.schedule(prio("higher", "1", 500, null), c).node()).isEqualTo("a");
    }
}
