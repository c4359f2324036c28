package io.k3j.controllers.replicaset;

import io.k3j.api.Meta;
import io.k3j.controllers.Pods;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Which pods a replica controller deletes first when it has too many (upstream's
 * ActivePodsWithRanks): unscheduled before scheduled, Pending before Unknown before Running,
 * not ready before ready, pods sharing their node with more related pods first, then the most
 * recently ready, the most restarted and the newest.
 */
public final class PodRanking {

    private PodRanking() {
    }

    /** The {@code count} pods of {@code pods} to delete, ranked against {@code related} (the owner's siblings' pods too). */
    public static List<ObjectNode> podsToDelete(List<ObjectNode> pods, List<ObjectNode> related, int count) {
        if (count >= pods.size()) {
            return List.copyOf(pods);
        }
        Map<String, Integer> perNode = new HashMap<>();
        for (ObjectNode p : related) {
            if (Pods.isActive(p) && !Pods.nodeName(p).isEmpty()) {
                perNode.merge(Pods.nodeName(p), 1, Integer::sum);
            }
        }
        List<ObjectNode> sorted = new ArrayList<>(pods);
        sorted.sort(order(p -> Pods.nodeName(p).isEmpty() ? 0 : perNode.getOrDefault(Pods.nodeName(p), 0)));
        return List.copyOf(sorted.subList(0, count));
    }

    /** The deletion order: earlier elements are deleted first. */
    public static Comparator<ObjectNode> order(java.util.function.ToIntFunction<ObjectNode> rank) {
        return Comparator.<ObjectNode>comparingInt(p -> Pods.nodeName(p).isEmpty() ? 0 : 1)
                .thenComparingInt(p -> phaseOrder(Pods.phase(p)))
                .thenComparingInt(p -> Pods.isReady(p) ? 1 : 0)
                .thenComparing(Comparator.comparingInt(rank).reversed())
                .thenComparing(Comparator.comparing(PodRanking::readySince,
                        Comparator.nullsFirst(Comparator.<String>naturalOrder())).reversed())
                .thenComparing(Comparator.comparingInt(PodRanking::restarts).reversed())
                .thenComparing(Comparator.comparing(PodRanking::created,
                        Comparator.nullsLast(Comparator.<String>naturalOrder())).reversed())
                .thenComparing(p -> String.valueOf(Meta.uid(p)));
    }

    private static int phaseOrder(String phase) {
        return switch (phase) {
            case "Pending" -> 0;
            case "Unknown" -> 1;
            case "Running" -> 2;
            default -> 3;
        };
    }

    private static String readySince(ObjectNode pod) {
        JsonNode c = Pods.isReady(pod) ? Pods.condition(pod, "Ready") : null;
        return c == null ? null : c.path("lastTransitionTime").asString(null);
    }

    private static int restarts(ObjectNode pod) {
        int max = 0;
        for (JsonNode s : pod.path("status").path("containerStatuses")) {
            max = Math.max(max, s.path("restartCount").asInt(0));
        }
        return max;
    }

    private static String created(ObjectNode pod) {
        return pod.path("metadata").path("creationTimestamp").asString(null);
    }
}
