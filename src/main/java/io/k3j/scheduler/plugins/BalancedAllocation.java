package io.k3j.scheduler.plugins;

import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;
import io.k3j.scheduler.framework.ScorePlugin;

/**
 * NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory would be used in equal
 * shares after placing the pod (score 100 × (1 − standard deviation of the two shares)).
 */
public final class BalancedAllocation implements ScorePlugin {

    @Override
    public String name() {
        return "NodeResourcesBalancedAllocation";
    }

    @Override
    public int weight() {
        return 1;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        double cpu = share(node.nonZeroMilliCpu + pod.nonZeroMilliCpu, node.allocatable().milliCpu);
        double mem = share(node.nonZeroMemory + pod.nonZeroMemory, node.allocatable().memory);
        double std = Math.abs(cpu - mem) / 2;
        return (long) ((1 - std) * 100);
    }

    private static double share(long requested, long capacity) {
        if (capacity <= 0) {
            return 1;
        }
        return Math.min(1.0, (double) requested / capacity);
    }
}
