package io.k3j.scheduler.framework;

import java.util.List;

/**
 * Why a node does not fit a pod: the reasons upstream prints (counted per node in
 * "0/N nodes are available: …") and whether preemption could help (Unschedulable) or not
 * (UnschedulableAndUnresolvable). A fitting node has no status (null). Immutable.
 */
public record FilterStatus(String plugin, boolean unresolvable, List<String> reasons) {

    public static FilterStatus unschedulable(String plugin, String... reasons) {
        return new FilterStatus(plugin, false, List.of(reasons));
    }

    public static FilterStatus unresolvable(String plugin, String... reasons) {
        return new FilterStatus(plugin, true, List.of(reasons));
    }
}
