package io.k3j.scheduler.plugins;

import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.FilterStatus;
import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;
import io.k3j.scheduler.framework.Resources;
import io.k3j.scheduler.framework.ScorePlugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Filter: the pod's requests must fit what the node's allocatable leaves after the requests of
 * its pods and of the pods nominated to it with at least the pod's priority: pod count
 * ("Too many pods"), cpu, memory, ephemeral-storage and extended resources ("Insufficient X",
 * every short resource listed). Score: LeastAllocated, the mean free share of cpu and memory
 * counting non-zero requests.
 */
public final class NodeResourcesFit implements FilterPlugin, ScorePlugin {

    public static final String TOO_MANY_PODS = "Too many pods";

    @Override
    public String name() {
        return "NodeResourcesFit";
    }

    @Override
    public int weight() {
        return 1;
    }

    @Override
    public FilterStatus filter(CycleState state, PodInfo pod, NodeInfo node) {
        Resources used = node.requested;
        if (!node.nominated.isEmpty()) {
            used = used.copy();
            for (PodInfo n : node.nominated.values()) {
                if (n.priority >= pod.priority && !n.uid.equals(pod.uid) && !node.pods.containsKey(n.uid)) {
                    used.add(n.requests, 1);
                }
            }
        }
        return fits(pod.requests, used, node.allocatable(), name());
    }

    /** Null when {@code request} fits {@code allocatable} minus {@code used}, else the reasons. */
    static FilterStatus fits(Resources request, Resources used, Resources allocatable, String plugin) {
        List<String> reasons = null;
        if (used.pods + 1 > allocatable.pods) {
            reasons = add(reasons, TOO_MANY_PODS);
        }
        if (request.milliCpu > 0 && request.milliCpu > allocatable.milliCpu - used.milliCpu) {
            reasons = add(reasons, "Insufficient cpu");
        }
        if (request.memory > 0 && request.memory > allocatable.memory - used.memory) {
            reasons = add(reasons, "Insufficient memory");
        }
        if (request.ephemeralStorage > 0
                && request.ephemeralStorage > allocatable.ephemeralStorage - used.ephemeralStorage) {
            reasons = add(reasons, "Insufficient ephemeral-storage");
        }
        if (request.scalar != null) {
            for (Map.Entry<String, Long> e : request.scalar.entrySet()) {
                if (e.getValue() > 0 && e.getValue() > allocatable.scalar(e.getKey()) - used.scalar(e.getKey())) {
                    reasons = add(reasons, "Insufficient " + e.getKey());
                }
            }
        }
        return reasons == null ? null : new FilterStatus(plugin, false, List.copyOf(reasons));
    }

    private static List<String> add(List<String> reasons, String reason) {
        List<String> r = reasons == null ? new ArrayList<>(2) : reasons;
        r.add(reason);
        return r;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long cpu = free(node.allocatable().milliCpu, node.nonZeroMilliCpu + pod.nonZeroMilliCpu);
        long mem = free(node.allocatable().memory, node.nonZeroMemory + pod.nonZeroMemory);
        return (cpu + mem) / 2;
    }

    private static long free(long capacity, long requested) {
        if (capacity <= 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * 100 / capacity;
    }
}
