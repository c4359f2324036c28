package io.k3j.scheduler;

import io.k3j.api.LabelSelector;
import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterStatus;
import io.k3j.scheduler.framework.FitError;
import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;
import io.k3j.scheduler.framework.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;

/**
 * Preemption by priority (upstream's DefaultPreemption PostFilter, simplified): for each node
 * whose failure preemption could resolve, removes every pod of lower priority than the preemptor,
 * checks that the preemptor then fits, and gives back as many of them as still fit, most
 * important first — first those whose eviction would violate a PodDisruptionBudget, then the
 * others; the rest are the victims. Of the candidate nodes it picks, as upstream does, the one
 * with the fewest victims violating a budget, then the lowest highest victim priority, then the
 * lowest sum of victim priorities (each shifted by 2^31, so more victims weigh more), then the
 * fewest victims. Budgets are honoured as far as possible, not guaranteed: a node where only
 * violating evictions help is still a candidate. Without a candidate it explains why in
 * upstream's words. Filters that count pods across nodes (pod affinity, topology spread) keep the
 * counts of the failed cycle. Callers hold the cache's lock.
 */
public final class DefaultPreemption {

    public static final String NO_VICTIMS = "No preemption victims found for incoming pod";
    public static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";

    /** A decision: a node and the pods to evict from it, or (node null) the PostFilter message. */
    public record Outcome(String node, List<PodInfo> victims, String message) {
    }

    /**
     * A PodDisruptionBudget as preemption reads it: its namespace and selector (null or empty
     * selects nothing, as upstream's preemption treats it), how many disruptions its status
     * allows, and the pods its status already counts as disrupted.
     */
    public record Budget(String namespace, LabelSelector selector, int allowed, Set<String> disrupted) {

        /** The budget an object describes; null when its selector is invalid. */
        public static Budget of(JsonNode pdb) {
            JsonNode sel = pdb.path("spec").get("selector");
            LabelSelector selector;
            try {
                selector = sel == null || sel.isNull() ? null : LabelSelector.fromJson(sel);
            } catch (RuntimeException invalid) {
                return null;
            }
            if (selector != null && selector.requirements().isEmpty()) {
                selector = null;
            }
            Set<String> disrupted = new HashSet<>();
            pdb.path("status").path("disruptedPods").propertyNames().forEach(disrupted::add);
            return new Budget(pdb.path("metadata").path("namespace").asString(""), selector,
                    pdb.path("status").path("disruptionsAllowed").asInt(0), disrupted);
        }

        boolean selects(PodInfo pod) {
            return selector != null && namespace.equals(pod.namespace) && selector.matches(pod.labels);
        }
    }

    private record Candidate(String node, List<PodInfo> victims, int violations, int maxPriority, long prioritySum) {
    }

    private final GenericScheduler algorithm;
    private final Supplier<List<Budget>> budgets;

    public DefaultPreemption(GenericScheduler algorithm) {
        this(algorithm, List::of);
    }

    /** With {@code budgets} read once per preemption attempt that has candidate nodes. */
    public DefaultPreemption(GenericScheduler algorithm, Supplier<List<Budget>> budgets) {
        this.algorithm = algorithm;
        this.budgets = budgets;
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
        List<Budget> pdbs = null;
        for (NodeInfo node : snapshot.nodes()) {
            FilterStatus s = fit.nodeStatuses().get(node.name);
            if (s == null) {
                continue;
            }
            if (s.unresolvable()) {
                reasons.merge(NOT_HELPFUL, 1, Integer::sum);
                continue;
            }
            if (pdbs == null) {
                pdbs = budgets.get();
            }
            Candidate c = selectVictims(pod, node, state, pdbs);
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

    private Candidate selectVictims(PodInfo pod, NodeInfo node, CycleState state, List<Budget> pdbs) {
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
        List<PodInfo> violating = new ArrayList<>();
        List<PodInfo> nonViolating = new ArrayList<>();
        splitByViolation(lower, pdbs, violating, nonViolating);
        List<PodInfo> victims = new ArrayList<>();
        int violations = 0;
        for (List<PodInfo> group : List.of(violating, nonViolating)) {
            for (PodInfo p : group) {
                sim.addPod(p);
                if (algorithm.runFilters(state, pod, sim) != null) {
                    sim.removePod(p);
                    victims.add(p);
                    if (group == violating) {
                        violations++;
                    }
                }
            }
        }
        if (victims.isEmpty()) {
            return null;
        }
        int max = Integer.MIN_VALUE;
        long sum = 0;
        for (PodInfo v : victims) {
            max = Math.max(max, v.priority);
            sum += v.priority + (1L << 31);
        }
        return new Candidate(node.name, List.copyOf(victims), violations, max, sum);
    }

    /**
     * Upstream's filterPodsWithPDBViolation: in order, a pod whose eviction would take a budget
     * that selects it below zero allowed disruptions is violating (each selected pod not already
     * counted as disrupted uses one up).
     */
    static void splitByViolation(List<PodInfo> pods, List<Budget> pdbs, List<PodInfo> violating,
                                 List<PodInfo> nonViolating) {
        int[] allowed = new int[pdbs.size()];
        for (int i = 0; i < allowed.length; i++) {
            allowed[i] = pdbs.get(i).allowed();
        }
        for (PodInfo p : pods) {
            boolean violates = false;
            for (int i = 0; i < allowed.length; i++) {
                Budget b = pdbs.get(i);
                if (!b.selects(p) || b.disrupted().contains(p.name)) {
                    continue;
                }
                if (--allowed[i] < 0) {
                    violates = true;
                }
            }
            (violates ? violating : nonViolating).add(p);
        }
    }

    private static boolean better(Candidate a, Candidate b) {
        if (a.violations() != b.violations()) {
            return a.violations() < b.violations();
        }
        if (a.maxPriority() != b.maxPriority()) {
            return a.maxPriority() < b.maxPriority();
        }
        if (a.prioritySum() != b.prioritySum()) {
            return a.prioritySum() < b.prioritySum();
        }
        return a.victims().size() < b.victims().size();
    }
}
