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
 * (anti-affinity subtracts), both the incoming pod's terms and, symmetrically, the terms of
 * existing pods that match the incoming pod (their required affinity counting 1).
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

    /** Score state: the summed weights per domain, and the topology keys they are for. */
    record Scores(Map<String, Long> perDomain, java.util.Set<String> keys) {
    }

    @Override
    public void preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, Snapshot snapshot) {
        Scores scores = new Scores(new HashMap<>(), new java.util.HashSet<>());
        if (!pod.preferredAffinity.isEmpty() || !pod.preferredAntiAffinity.isEmpty()) {
            for (NodeInfo node : snapshot.nodes()) {
                for (PodInfo existing : node.pods.values()) {
                    add(scores, pod.preferredAffinity, existing, node, 1, false);
                    add(scores, pod.preferredAntiAffinity, existing, node, -1, false);
                }
            }
        }
        // symmetry: existing pods' terms that match the incoming pod (required affinity weighs 1)
        for (Snapshot.Placed placed : snapshot.podsWithAffinity()) {
            PodInfo existing = placed.pod();
            add(scores, existing.preferredAffinity, pod, placed.node(), 1, false);
            add(scores, existing.preferredAntiAffinity, pod, placed.node(), -1, false);
            add(scores, existing.requiredAffinity, pod, placed.node(), 1, true);
        }
        state.put(SCORE_STATE, scores);
    }

    /** Adds each term's weight (or {@code hard}: 1) to the node's domain when the term matches {@code target}. */
    private static void add(Scores scores, List<AffinityTerm> terms, PodInfo target, NodeInfo node, int sign,
                            boolean hard) {
        for (AffinityTerm t : terms) {
            String v = node.label(t.topologyKey());
            if (v != null && t.matches(target)) {
                scores.perDomain().merge(domain(t.topologyKey(), v), (long) sign * (hard ? 1 : t.weight()),
                        Long::sum);
                scores.keys().add(t.topologyKey());
            }
        }
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        Scores scores = state.get(SCORE_STATE);
        if (scores.keys().isEmpty()) {
            return 0;
        }
        long sum = 0;
        for (String k : scores.keys()) {
            String v = node.label(k);
            if (v != null) {
                sum += scores.perDomain().getOrDefault(domain(k, v), 0L);
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
