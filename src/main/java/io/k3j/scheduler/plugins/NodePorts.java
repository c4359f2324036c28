package io.k3j.scheduler.plugins;

import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.FilterStatus;
import io.k3j.scheduler.framework.HostPort;
import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;

/** The pod's host ports must be free on the node (same port and protocol on an overlapping IP). */
public final class NodePorts implements FilterPlugin {

    public static final String REASON = "node(s) didn't have free ports for the requested pod ports";
    private static final FilterStatus REJECTED = FilterStatus.unschedulable("NodePorts", REASON);

    @Override
    public String name() {
        return "NodePorts";
    }

    @Override
    public FilterStatus filter(CycleState state, PodInfo pod, NodeInfo node) {
        if (pod.hostPorts.isEmpty() || node.usedPorts.isEmpty()) {
            return null;
        }
        for (HostPort want : pod.hostPorts) {
            for (HostPort used : node.usedPorts) {
                if (want.conflicts(used)) {
                    return REJECTED;
                }
            }
        }
        return null;
    }
}
