package io.k3j.controllers.podgc;

import io.k3j.api.Meta;
import io.k3j.controllers.Pods;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Which pods the pod garbage collector removes, by upstream's rules. Stateless; objects are not modified. */
public final class PodGcSelection {

    static final String OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";

    private PodGcSelection() {
    }

    /**
     * Terminated (Succeeded or Failed) pods beyond {@code threshold}, oldest first; none when the
     * threshold is 0 or less (upstream's gcTerminated).
     */
    public static List<ObjectNode> terminatedBeyond(List<ObjectNode> pods, int threshold) {
        if (threshold <= 0) {
            return List.of();
        }
        List<ObjectNode> terminated = pods.stream().filter(Pods::isTerminated)
                .sorted(Comparator.comparing((ObjectNode p) -> p.path("metadata").path("creationTimestamp").asString(""))
                        .thenComparing(p -> Meta.namespace(p) + "/" + Meta.name(p)))
                .toList();
        int excess = terminated.size() - threshold;
        return excess <= 0 ? List.of() : terminated.subList(0, excess);
    }

    /** Pods bound to a node that is not in {@code nodes} (upstream's gcOrphaned candidates). */
    public static List<ObjectNode> orphaned(List<ObjectNode> pods, Set<String> nodes) {
        return pods.stream().filter(p -> !Pods.nodeName(p).isEmpty() && !nodes.contains(Pods.nodeName(p))).toList();
    }

    /** Terminating pods never bound to a node (upstream's gcUnscheduledTerminating). */
    public static List<ObjectNode> unscheduledTerminating(List<ObjectNode> pods) {
        return pods.stream().filter(p -> Meta.isDeleting(p) && Pods.nodeName(p).isEmpty()).toList();
    }

    /**
     * Terminating pods on nodes that are not Ready and carry the out-of-service taint (upstream's
     * gcTerminating); {@code node} finds a node by name (null when absent).
     */
    public static List<ObjectNode> terminatingOutOfService(List<ObjectNode> pods,
                                                           java.util.function.Function<String, ObjectNode> node) {
        Predicate<ObjectNode> outOfService = p -> {
            ObjectNode n = node.apply(Pods.nodeName(p));
            return n != null && !ready(n) && hasTaint(n, OUT_OF_SERVICE);
        };
        return pods.stream().filter(p -> Meta.isDeleting(p) && !Pods.nodeName(p).isEmpty())
                .filter(outOfService).toList();
    }

    static boolean ready(ObjectNode node) {
        for (JsonNode c : node.path("status").path("conditions")) {
            if (c.path("type").asString("").equals("Ready")) {
                return c.path("status").asString("").equals("True");
            }
        }
        return false;
    }

    static boolean hasTaint(ObjectNode node, String key) {
        for (JsonNode t : node.path("spec").path("taints")) {
            if (t.path("key").asString("").equals(key)) {
                return true;
            }
        }
        return false;
    }
}
