package io.k3j.scheduler.plugins;

import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.FilterStatus;
import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;
import io.k3j.scheduler.framework.ScorePlugin;
import java.util.Map;

/**
 * Filter: the node's labels must match spec.nodeSelector and the required node affinity (its
 * name for matchFields). Score: the sum of the weights of the preferred terms the node matches.
 */
public final class NodeAffinity implements FilterPlugin, ScorePlugin {

    public static final String REASON = "node(s) didn't match Pod's node affinity/selector";
    private static final FilterStatus REJECTED = FilterStatus.unresolvable("NodeAffinity", REASON);

    @Override
    public String name() {
        return "NodeAffinity";
    }

    @Override
    public int weight() {
        return 2;
    }

    /** Whether the node satisfies the pod's node selector and required node affinity. */
    public static boolean matches(PodInfo pod, NodeInfo node) {
        Map<String, String> labels = node.labels();
        for (Map.Entry<String, String> e : pod.nodeSelector.entrySet()) {
            if (!e.getValue().equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        return pod.requiredNodeAffinity == null || pod.requiredNodeAffinity.matches(node.name, labels);
    }

    @Override
    public FilterStatus filter(CycleState state, PodInfo pod, NodeInfo node) {
        return matches(pod, node) ? null : REJECTED;
    }

    @Override
    public boolean applies(PodInfo pod) {
        return !pod.preferredNodeAffinity.isEmpty();
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long sum = 0;
        for (int i = 0; i < pod.preferredNodeAffinity.size(); i++) {
            if (pod.preferredNodeAffinity.get(i).matches(node.name, node.labels())) {
                sum += pod.preferredNodeAffinityWeights.get(i);
            }
        }
        return sum;
    }

    @Override
    public void normalize(long[] scores) {
        ScorePlugin.normalizeToMax(scores, false);
    }
}
