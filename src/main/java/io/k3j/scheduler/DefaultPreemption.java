package io.k3j.scheduler;

import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterStatus;
import io.k3j.scheduler.framework.FitError;
import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;
import io.k3j.scheduler.framework.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Preemption by priority (upstream's DefaultPreemption PostFilter, simplified): for each node
 * whose failure preemption could resolve, removes every pod of lower priority than the preemptor,
 * checks that the preemptor then fits, and gives back as many of them as still fit, highest
 * priority first; the rest are the victims. Of the candidate nodes it picks the one whose
 * highest victim priority is lowest, then with the fewest victims, then the lowest priority sum.
 * Without a candidate it explains why in upstream's words. Filters that count pods across nodes
 * (pod affinity, topology spread) keep the counts of the failed cycle. Callers hold the cache's lock.
 */
public final class DefaultPreemption {

    public static final String NO_VICTIMS = "No preemption victims found for incoming pod";
    public static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";

    /** A decision: a node and the pods to evict from it, or (node null) the PostFilter message. */
    public record Outcome(String node, List<PodInfo> victims, String message) {
    }

    private record Candidate(String node, List<PodInfo> victims, int maxPriority, long prioritySum) {
    }

    private final GenericScheduler algorithm;

    public DefaultPreemption(GenericScheduler algorithm) {
        this.algorithm = algorithm;
    }

    public Outcome preempt(PodInfo pod, FitError fit, CycleState state, Snapshot snapshot) {
        if (pod.preemptNever) {
            return new Outcome(null, List.of(), "preemption: not eligible due to preemptionPolicy=Never.");
        }
        if (!pod.nominatedNodeName.isEmpty()) {
            NodeInfo nominated = snapshot.node(pod.nominatedNodeName);
            if (nominated != null) {
                for (PodInfo p : nominated.pods.values()) {
                    if (p.deleting && p.priority < pod.priority) {
                        return new Outcome(null, List.of(),
                                "preemption: not eligible due to a terminating pod on the nominated node.");
                    }
                }
            }
        }
        Map<String, Integer> reasons = new HashMap<>();
        Candidate best = null;
        for (NodeInfo node : snapshot.nodes()) {
            FilterStatus s = fit.nodeStatuses().get(node.name);
            if (s == null) {
                continue;
            }
            if (s.unresolvable()) {
                reasons.merge(NOT_HELPFUL, 1, Integer::sum);
                continue;
            }
            Candidate c = selectVictims(pod, node, state);
            if (c == null) {
                reasons.merge(NO_VICTIMS, 1, Integer::sum);
                continue;
            }
            if (best == null || better(c, best)) {
                best = c;
            }
        }
        if (best == null) {
            return new Outcome(null, List.of(), "preemption: 0/" + fit.numAllNodes() + " nodes are available: "
                    + FitError.histogram(reasons) + ".");
        }
        return new Outcome(best.node(), best.victims(), "");
    }

    private Candidate selectVictims(PodInfo pod, NodeInfo node, CycleState state) {
        List<PodInfo> lower = new ArrayList<>();
        for (PodInfo p : node.pods.values()) {
            if (p.priority < pod.priority) {
                lower.add(p);
            }
        }
        if (lower.isEmpty()) {
            return null;
        }
        NodeInfo sim = node.copy();
        for (PodInfo p : lower) {
            sim.removePod(p);
        }
        if (algorithm.runFilters(state, pod, sim) != null) {
            return null;
        }
        lower.sort(Comparator.comparingInt((PodInfo p) -> -p.priority).thenComparing(p -> p.creationTimestamp));
        List<PodInfo> victims = new ArrayList<>();
        for (PodInfo p : lower) {
            sim.addPod(p);
            if (algorithm.runFilters(state, pod, sim) != null) {
                sim.removePod(p);
                victims.add(p);
            }
        }
        if (victims.isEmpty()) {
            return null;
        }
        int max = Integer.MIN_VALUE;
        long sum = 0;
        for (PodInfo v : victims) {
            max = Math.max(max, v.priority);
            sum += v.priority;
        }
        return new Candidate(node.name, List.copyOf(victims), max, sum);
    }

    private static boolean better(Candidate a, Candidate b) {
        if (a.maxPriority() != b.maxPriority()) {
            return a.maxPriority() < b.maxPriority();
        }
        if (a.victims().size() != b.victims().size()) {
            return a.victims().size() < b.victims().size();
        }
        return a.prioritySum() < b.prioritySum();
    }
}
