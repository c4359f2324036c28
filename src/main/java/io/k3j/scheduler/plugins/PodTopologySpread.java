package io.k3j.scheduler.plugins;

import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.FilterStatus;
import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;
import io.k3j.scheduler.framework.ScorePlugin;
import io.k3j.scheduler.framework.Snapshot;
import io.k3j.scheduler.framework.SpreadConstraint;
import io.k3j.scheduler.framework.Taint;
import io.k3j.scheduler.framework.Toleration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Pod topology spread (upstream's PodTopologySpread). Filter, for DoNotSchedule constraints:
 * placing the pod in the node's domain must keep (matching pods there + 1 if the pod matches
 * itself − the fewest in any eligible domain) within maxSkew; a node without the topology label
 * is rejected as unresolvable. Score, for ScheduleAnyway constraints: fewer matching pods in the
 * node's domains is better.
 */
public final class PodTopologySpread implements FilterPlugin, ScorePlugin {

    public static final String REASON = "node(s) didn't match pod topology spread constraints";
    public static final String MISSING_LABEL = REASON + " (missing required label)";
    private static final String STATE = "PodTopologySpread";
    private static final String SCORE_STATE = "PodTopologySpread/score";

    /** Per constraint: matching pods per domain value, the smallest count, whether the pod matches itself. */
    record Counts(SpreadConstraint constraint, Map<String, Integer> perDomain, int min, int self) {
    }

    @Override
    public String name() {
        return "PodTopologySpread";
    }

    @Override
    public int weight() {
        return 2;
    }

    @Override
    public void preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        List<SpreadConstraint> hard = pod.spreadConstraints.stream().filter(SpreadConstraint::hard).toList();
        if (!hard.isEmpty()) {
            state.put(STATE, count(pod, hard, snapshot));
        }
    }

    static List<Counts> count(PodInfo pod, List<SpreadConstraint> constraints, Snapshot snapshot) {
        List<Map<String, Integer>> maps = new ArrayList<>();
        constraints.forEach(c -> maps.add(new HashMap<>()));
        for (NodeInfo node : snapshot.nodes()) {
            if (!hasAllKeys(node, constraints)) {
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                SpreadConstraint c = constraints.get(i);
                if (c.honorAffinity() && !NodeAffinity.matches(pod, node)) {
                    continue;
                }
                if (c.honorTaints() && !toleratesAll(pod, node)) {
                    continue;
                }
                int n = 0;
                for (PodInfo p : node.pods.values()) {
                    if (!p.deleting && p.namespace.equals(pod.namespace) && c.selector().matches(p.labels)) {
                        n++;
                    }
                }
                maps.get(i).merge(node.label(c.topologyKey()), n, Integer::sum);
            }
        }
        List<Counts> out = new ArrayList<>();
        for (int i = 0; i < constraints.size(); i++) {
            SpreadConstraint c = constraints.get(i);
            Map<String, Integer> m = maps.get(i);
            int min = m.size() < c.minDomains() ? 0 : m.values().stream().mapToInt(Integer::intValue).min().orElse(0);
            out.add(new Counts(c, m, min, c.selector().matches(pod.labels) ? 1 : 0));
        }
        return out;
    }

    private static boolean hasAllKeys(NodeInfo node, List<SpreadConstraint> constraints) {
        for (SpreadConstraint c : constraints) {
            if (node.label(c.topologyKey()) == null) {
                return false;
            }
        }
        return true;
    }

    private static boolean toleratesAll(PodInfo pod, NodeInfo node) {
        for (Taint t : node.taints()) {
            if ((t.effect().equals("NoSchedule") || t.effect().equals("NoExecute"))
                    && !Toleration.anyTolerates(pod.tolerations, t)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public FilterStatus filter(CycleState state, PodInfo pod, NodeInfo node) {
        List<Counts> counts = state.get(STATE);
        if (counts == null) {
            return null;
        }
        for (Counts c : counts) {
            String v = node.label(c.constraint().topologyKey());
            if (v == null) {
                return FilterStatus.unresolvable(name(), MISSING_LABEL);
            }
            int skew = c.perDomain().getOrDefault(v, 0) + c.self() - c.min();
            if (skew > c.constraint().maxSkew()) {
                return FilterStatus.unschedulable(name(), REASON);
            }
        }
        return null;
    }

    @Override
    public boolean applies(PodInfo pod) {
        return pod.spreadConstraints.stream().anyMatch(c -> !c.hard());
    }

    @Override
    public void preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, Snapshot snapshot) {
        List<SpreadConstraint> soft = pod.spreadConstraints.stream().filter(c -> !c.hard()).toList();
        state.put(SCORE_STATE, count(pod, soft, snapshot));
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        List<Counts> counts = state.get(SCORE_STATE);
        long sum = 0;
        for (Counts c : counts) {
            String v = node.label(c.constraint().topologyKey());
            sum += v == null ? 1000 : c.perDomain().getOrDefault(v, 0);
        }
        return sum;
    }

    @Override
    public void normalize(long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            scores[i] = max == min ? 100 : (max - scores[i]) * 100 / (max - min);
        }
    }
}
