package io.k3j.scheduler;

import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.FilterStatus;
import io.k3j.scheduler.framework.FitError;
import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;
import io.k3j.scheduler.framework.ScorePlugin;
import io.k3j.scheduler.framework.Snapshot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;

/**
 * One scheduling decision (upstream's schedulePod): PreFilter, then Filter over the nodes
 * starting where the previous cycle stopped, until enough feasible nodes are found
 * ({@link #numFeasibleNodesToFind}), then Score and pick the highest total (ties broken at
 * random). A pod nominated to a node by an earlier preemption gets that node if it fits.
 * Callers hold the cache's lock. Not thread-safe (one scheduling loop).
 */
public final class GenericScheduler {

    /** Upstream's minimum number of feasible nodes to look for. */
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    static final int MIN_FEASIBLE_NODES_PERCENTAGE = 5;

    /** A decision: a node, or why none fitted ({@code fitError}), or an error message. */
    public record Result(String node, FitError fitError, String error, CycleState state, int evaluated) {
    }

    private final List<FilterPlugin> filters;
    private final List<ScorePlugin> scorers;
    private final RandomGenerator random;
    private int nextStartNodeIndex;

    public GenericScheduler(List<FilterPlugin> filters, List<ScorePlugin> scorers, RandomGenerator random) {
        this.filters = List.copyOf(filters);
        this.scorers = List.copyOf(scorers);
        this.random = random;
    }

    public List<FilterPlugin> filters() {
        return filters;
    }

    /** Upstream's adaptive percentageOfNodesToScore: all below 100 nodes, else max(5, 50 − n/125) %, at least 100. */
    public static int numFeasibleNodesToFind(int numAllNodes) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) {
            return numAllNodes;
        }
        int percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE, 50 - numAllNodes / 125);
        int n = numAllNodes * percentage / 100;
        return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
    }

    public Result schedule(PodInfo pod, Snapshot snapshot) {
        List<NodeInfo> nodes = snapshot.nodes();
        CycleState state = new CycleState();
        if (nodes.isEmpty()) {
            return new Result(null, null, "no nodes available to schedule pods", state, 0);
        }
        for (FilterPlugin f : filters) {
            f.preFilter(state, pod, snapshot);
        }
        if (!pod.nominatedNodeName.isEmpty()) {
            NodeInfo nominated = snapshot.node(pod.nominatedNodeName);
            if (nominated != null && runFilters(state, pod, nominated) == null) {
                return new Result(nominated.name, null, null, state, 1);
            }
        }
        int n = nodes.size();
        int want = numFeasibleNodesToFind(n);
        List<NodeInfo> feasible = new ArrayList<>(Math.min(want, 128));
        Map<String, FilterStatus> statuses = new HashMap<>();
        int start = nextStartNodeIndex % n;
        int processed = 0;
        for (int i = 0; i < n && feasible.size() < want; i++) {
            NodeInfo node = nodes.get((start + i) % n);
            processed++;
            FilterStatus s = runFilters(state, pod, node);
            if (s == null) {
                feasible.add(node);
            } else {
                statuses.put(node.name, s);
            }
        }
        nextStartNodeIndex = (start + processed) % n;
        if (feasible.isEmpty()) {
            return new Result(null, new FitError(n, statuses, ""), null, state, processed);
        }
        if (feasible.size() == 1) {
            return new Result(feasible.getFirst().name, null, null, state, processed);
        }
        long[] total = score(state, pod, feasible, snapshot);
        return new Result(selectHost(feasible, total), null, null, state, processed);
    }

    /** The first failing filter's status, or null when the node fits. */
    public FilterStatus runFilters(CycleState state, PodInfo pod, NodeInfo node) {
        for (FilterPlugin f : filters) {
            FilterStatus s = f.filter(state, pod, node);
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    long[] score(CycleState state, PodInfo pod, List<NodeInfo> feasible, Snapshot snapshot) {
        long[] total = new long[feasible.size()];
        long[] raw = new long[feasible.size()];
        for (ScorePlugin p : scorers) {
            if (!p.applies(pod)) {
                continue;
            }
            p.preScore(state, pod, feasible, snapshot);
            for (int i = 0; i < raw.length; i++) {
                raw[i] = p.score(state, pod, feasible.get(i));
            }
            p.normalize(raw);
            for (int i = 0; i < raw.length; i++) {
                total[i] += raw[i] * p.weight();
            }
        }
        return total;
    }

    /** The node with the highest score; among equals, each is as likely (reservoir sampling). */
    String selectHost(List<NodeInfo> feasible, long[] scores) {
        int best = 0;
        int ties = 1;
        for (int i = 1; i < scores.length; i++) {
            if (scores[i] > scores[best]) {
                best = i;
                ties = 1;
            } else if (scores[i] == scores[best]) {
                ties++;
                if (random.nextInt(ties) == 0) {
                    best = i;
                }
            }
        }
        return feasible.get(best).name;
    }
}
