package io.k3j.scheduler.plugins;

import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.FilterStatus;
import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;
import io.k3j.scheduler.framework.Taint;
import io.k3j.scheduler.framework.Toleration;

/** Rejects cordoned nodes (spec.unschedulable) unless the pod tolerates the unschedulable taint. */
public final class NodeUnschedulable implements FilterPlugin {

    public static final String REASON = "node(s) were unschedulable";
    private static final Taint UNSCHEDULABLE = new Taint("node.kubernetes.io/unschedulable", "", "NoSchedule");
    private static final FilterStatus REJECTED = FilterStatus.unresolvable("NodeUnschedulable", REASON);

    @Override
    public String name() {
        return "NodeUnschedulable";
    }

    @Override
    public FilterStatus filter(CycleState state, PodInfo pod, NodeInfo node) {
        return admits(pod, node.unschedulable()) ? null : REJECTED;
    }

    /** Whether a node cordoned ({@code unschedulable}) or not takes the pod. */
    public static boolean admits(PodInfo pod, boolean unschedulable) {
        return !unschedulable || Toleration.anyTolerates(pod.tolerations, UNSCHEDULABLE);
    }
}
