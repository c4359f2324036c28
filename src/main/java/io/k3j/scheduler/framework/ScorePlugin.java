package io.k3j.scheduler.framework;

import java.util.List;

/**
 * A Score plugin (upstream's framework.ScorePlugin): a raw score per feasible node, normalized to
 * 0..100 over all of them, then multiplied by the plugin's weight. Stateless and thread-safe.
 */
public interface ScorePlugin {

    /** Upstream's name. */
    String name();

    /** Upstream's default weight. */
    int weight();

    /** Whether the plugin has anything to say about {@code pod} (saves scoring work when not). */
    default boolean applies(PodInfo pod) {
        return true;
    }

    /** Computes per-cycle state before scoring the feasible nodes. */
    default void preScore(CycleState state, PodInfo pod, List<NodeInfo> feasible, Snapshot snapshot) {
    }

    long score(CycleState state, PodInfo pod, NodeInfo node);

    /** Maps the raw scores of all feasible nodes onto 0..100, in place. */
    default void normalize(long[] scores) {
    }

    /** Scales scores so that the highest is 100 (or all 0); with {@code reverse}, lower raw scores get more. */
    static void normalizeToMax(long[] scores, boolean reverse) {
        long max = 0;
        for (long s : scores) {
            max = Math.max(max, s);
        }
        for (int i = 0; i < scores.length; i++) {
            if (max == 0) {
                scores[i] = reverse ? 100 : 0;
            } else {
                long v = scores[i] * 100 / max;
                scores[i] = reverse ? 100 - v : v;
            }
        }
    }
}
