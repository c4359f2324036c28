package io.k3j.scheduler.plugins;

import io.k3j.scheduler.framework.AffinityTerm;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.FilterStatus;
import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;
import io.k3j.scheduler.framework.ScorePlugin;
import io.k3j.scheduler.framework.Snapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Required pod affinity and anti-affinity by topology domain (upstream's InterPodAffinity).
 * PreFilter counts, per (topologyKey, value) domain, the existing pods matching the incoming
 * pod's terms and the existing pods whose anti-affinity the incoming pod would violate; Filter
 * looks the node's domains up. The first pod of a group that matches its own affinity terms may
 * go anywhere. Score: the weights of the preferred terms matched by pods in the node's domains
 * (anti-affinity subtracts).
 */
public final class InterPodAffinity implements FilterPlugin, ScorePlugin {

    public static final String AFFINITY = "node(s) didn't match pod affinity rules";
    public static final String ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
    public static final String EXISTING_ANTI_AFFINITY = "node(s) didn't satisfy existing pods anti-affinity rules";
    private static final String STATE = "InterPodAffinity";
    private static final String SCORE_STATE = "InterPodAffinity/score";

    /** Domain counts: key is topologyKey + NUL + value. */
    record State(Map<String, Integer> existingAnti, Map<String, Integer> affinity, Map<String, Integer> anti) {
    }

    @Override
    public String name() {
        return "InterPodAffinity";
    }

    @Override
    public int weight() {
        return 2;
    }

    static String domain(String key, String value) {
        return key + '\u0000' + value;
    }

    @Override
    public void preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
        Map<String, Integer> existingAnti = new HashMap<>();
        for (Snapshot.Placed placed : snapshot.podsWithRequiredAntiAffinity()) {
            PodInfo existing = placed.pod();
            NodeInfo node = placed.node();
            for (AffinityTerm t : existing.requiredAntiAffinity) {
                String v = node.label(t.topologyKey());
                if (v != null && t.matches(pod)) {
                    existingAnti.merge(domain(t.topologyKey(), v), 1, Integer::sum);
                }
            }
        }
        Map<String, Integer> affinity = new HashMap<>();
        Map<String, Integer> anti = new HashMap<>();
        if (!pod.requiredAffinity.isEmpty() || !pod.requiredAntiAffinity.isEmpty()) {
            for (NodeInfo node : snapshot.nodes()) {
                for (PodInfo existing : node.pods.values()) {
                    if (!pod.requiredAffinity.isEmpty() && matchesAll(pod.requiredAffinity, existing)) {
                        for (AffinityTerm t : pod.requiredAffinity) {
                            String v = node.label(t.topologyKey());
                            if (v != null) {
                                affinity.merge(domain(t.topologyKey(), v), 1, Integer::sum);
                            }
                        }
                    }
                    for (AffinityTerm t : pod.requiredAntiAffinity) {
                        String v = node.label(t.topologyKey());
                        if (v != null && t.matches(existing)) {
                            anti.merge(domain(t.topologyKey(), v), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        state.put(STATE, new State(existingAnti, affinity, anti));
    }

    private static boolean matchesAll(List<AffinityTerm> terms, PodInfo pod) {
        for (AffinityTerm t : terms) {
            if (!t.matches(pod)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public FilterStatus filter(CycleState cycle, PodInfo pod, NodeInfo node) {
        State s = cycle.get(STATE);
        if (s == null) {
            return null;
        }
        if (!pod.requiredAffinity.isEmpty()) {
            boolean ok = true;
            for (AffinityTerm t : pod.requiredAffinity) {
                String v = node.label(t.topologyKey());
                if (v == null || s.affinity().getOrDefault(domain(t.topologyKey(), v), 0) <= 0) {
                    ok = false;
                    break;
                }
            }
            if (!ok && !(s.affinity().isEmpty() && matchesAll(pod.requiredAffinity, pod))) {
                return FilterStatus.unresolvable(name(), AFFINITY);
            }
        }
        for (AffinityTerm t : pod.requiredAntiAffinity) {
            String v = node.label(t.topologyKey());
            if (v != null && s.anti().getOrDefault(domain(t.topologyKey(), v), 0) > 0) {
                return FilterStatus.unschedulable(name(), ANTI_AFFINITY);
            }
        }
        if (!s.existingAnti().isEmpty()) {
            for (Map.Entry<String, String> l : node.labels().entrySet()) {
                if (s.existingAnti().getOrDefault(domain(l.getKey(), l.getValue()), 0) > 0) {
                    return FilterStatus.unschedulable(name(), EXISTING_ANTI_AFFINITY);
                }
            }
        }
        return null;
    }

    @Override
    public boolean applies(PodInfo pod) {
        return !pod.preferredAffinity.isEmpty() || !pod.preferredAntiAffinity.isEmpty();
    }

    @Override
    public void preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, Snapshot snapshot) {
        Map<String, Long> scores = new HashMap<>();
        for (NodeInfo node : snapshot.nodes()) {
            for (PodInfo existing : node.pods.values()) {
                add(scores, pod.preferredAffinity, existing, node, 1);
                add(scores, pod.preferredAntiAffinity, existing, node, -1);
            }
        }
        state.put(SCORE_STATE, scores);
    }

    private static void add(Map<String, Long> scores, List<AffinityTerm> terms, PodInfo existing, NodeInfo node,
                            int sign) {
        for (AffinityTerm t : terms) {
            String v = node.label(t.topologyKey());
            if (v != null && t.matches(existing)) {
                scores.merge(domain(t.topologyKey(), v), (long) sign * t.weight(), Long::sum);
            }
        }
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        Map<String, Long> scores = state.get(SCORE_STATE);
        long sum = 0;
        java.util.Set<String> keys = new java.util.HashSet<>();
        for (AffinityTerm t : pod.preferredAffinity) {
            keys.add(t.topologyKey());
        }
        for (AffinityTerm t : pod.preferredAntiAffinity) {
            keys.add(t.topologyKey());
        }
        for (String k : keys) {
            String v = node.label(k);
            if (v != null) {
                sum += scores.getOrDefault(domain(k, v), 0L);
            }
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
            scores[i] = max == min ? 0 : (scores[i] - min) * 100 / (max - min);
        }
    }
}
