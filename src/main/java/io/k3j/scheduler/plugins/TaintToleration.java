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

    @Override
    public FilterStatus filter(CycleState state, PodInfo pod, NodeInfo node) {
        Taint t = untolerated(pod, node.taints());
        return t == null ? null : FilterStatus.unresolvable(name(), "node(s) had untolerated taint {" + t.key() + ": "
                + t.value() + "}");
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
