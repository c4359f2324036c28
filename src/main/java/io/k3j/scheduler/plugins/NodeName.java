package io.k3j.scheduler.plugins;

import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.FilterStatus;
import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;

/** A pod naming a node in spec.nodeName fits only that node. */
public final class NodeName implements FilterPlugin {

    public static final String REASON = "node(s) didn't match the requested node name";
    private static final FilterStatus REJECTED = FilterStatus.unresolvable("NodeName", REASON);

    @Override
    public String name() {
        return "NodeName";
    }

    @Override
    public FilterStatus filter(CycleState state, PodInfo pod, NodeInfo node) {
        return pod.nodeName.isEmpty() || pod.nodeName.equals(node.name) ? null : REJECTED;
    }
}
