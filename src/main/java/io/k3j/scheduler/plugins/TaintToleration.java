package io.k3j.scheduler.plugins;

import io.k3j.scheduler.framework.CycleState;
import io.k3j.scheduler.framework.FilterPlugin;
import io.k3j.scheduler.framework.FilterStatus;
import io.k3j.scheduler.framework.NodeInfo;
import io.k3j.scheduler.framework.PodInfo;
import io.k3j.scheduler.framework.ScorePlugin;
import io.k3j.scheduler.framework.Taint;
import io.k3j.scheduler.framework.Toleration;

/**
 * Filter: the pod must tolerate every NoSchedule and NoExecute taint (the first one it does not
 * is named in the reason). Score: fewer untolerated PreferNoSchedule taints is better.
 */
public final class TaintToleration implements FilterPlugin, ScorePlugin {

    @Override
    public String name() {
        return "TaintToleration";
    }

    @Override
    public int weight() {
        return 3;
    }

    /** The status for each taint seen (bounded): the same few taints refuse pods on many nodes. */
    private static final java.util.concurrent.ConcurrentHashMap<Taint, FilterStatus> REFUSALS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_REFUSALS = 1024;

    @Override
    public FilterStatus filter(CycleState state, PodInfo pod, NodeInfo node) {
        Taint t = untolerated(pod, node.taints());
        return t == null ? null : refusal(t);
    }

    static FilterStatus refusal(Taint t) {
        FilterStatus status = REFUSALS.get(t);
        if (status == null) {
            status = FilterStatus.unresolvable("TaintToleration", "node(s) had untolerated taint {" + t.key() + ": "
                    + t.value() + "}");
            if (REFUSALS.size() < MAX_REFUSALS) {
                REFUSALS.put(t, status);
            }
        }
        return status;
    }

    /** The first NoSchedule or NoExecute taint among {@code taints} the pod does not tolerate, or null. */
    public static Taint untolerated(PodInfo pod, java.util.List<Taint> taints) {
        for (Taint t : taints) {
            if (t.restrictsScheduling() && !Toleration.anyTolerates(pod.tolerations, t)) {
                return t;
            }
        }
        return null;
    }

    @Override
    public long score(CycleState state, PodInfo pod, NodeInfo node) {
        long n = 0;
        for (Taint t : node.taints()) {
            if (t.effect().equals("PreferNoSchedule") && !Toleration.anyTolerates(pod.tolerations, t)) {
                n++;
            }
        }
        return n;
    }

    @Override
    public void normalize(long[] scores) {
        ScorePlugin.normalizeToMax(scores, true);
    }
}
