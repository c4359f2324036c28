package io.k3j.scheduler.framework;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why no node fitted a pod, and upstream's message for it:
 * {@code "0/3 nodes are available: 1 Insufficient memory, 2 Insufficient cpu. preemption: …"} —
 * each reason counted over the nodes, printed "count reason", sorted as strings, joined by ", ",
 * then the PostFilter (preemption) message. Immutable.
 */
public record FitError(int numAllNodes, Map<String, FilterStatus> nodeStatuses, String postFilterMessage) {

    public FitError withPostFilterMessage(String message) {
        return new FitError(numAllNodes, nodeStatuses, message);
    }

    public String message() {
        Map<String, Integer> reasons = new TreeMap<>();
        for (FilterStatus s : nodeStatuses.values()) {
            for (String r : s.reasons()) {
                reasons.merge(r, 1, Integer::sum);
            }
        }
        StringBuilder sb = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
        String histogram = histogram(reasons);
        if (!histogram.isEmpty()) {
            sb.append(' ').append(histogram).append('.');
        }
        if (postFilterMessage != null && !postFilterMessage.isEmpty()) {
            sb.append(' ').append(postFilterMessage);
        }
        return sb.toString();
    }

    /** "count reason" per reason, sorted as strings (as upstream's sortReasonsHistogram), joined by ", ". */
    public static String histogram(Map<String, Integer> reasons) {
        List<String> parts = new ArrayList<>();
        reasons.forEach((r, n) -> parts.add(n + " " + r));
        parts.sort(null);
        return String.join(", ", parts);
    }

    /** Counts reasons the way {@link #histogram} wants them. */
    public static Map<String, Integer> count(Collection<String> reasons) {
        Map<String, Integer> m = new TreeMap<>();
        reasons.forEach(r -> m.merge(r, 1, Integer::sum));
        return m;
    }
}
