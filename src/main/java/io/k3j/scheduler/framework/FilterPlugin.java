package io.k3j.scheduler.framework;

/**
 * A Filter plugin (upstream's framework.FilterPlugin), optionally with a PreFilter step that
 * computes per-cycle state from the whole cluster. Implementations are stateless and thread-safe.
 */
public interface FilterPlugin {

    String name();

    /** Computes what {@link #filter} needs for {@code pod}; called once per cycle before any filter. */
    default void preFilter(CycleState state, PodInfo pod, Snapshot snapshot) {
    }

    /** Null when {@code pod} fits {@code node}, else why not. */
    FilterStatus filter(CycleState state, PodInfo pod, NodeInfo node);
}
