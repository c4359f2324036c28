package io.k3j.controllers.replicaset;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.controllers.Pods;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A replica set's status from the pods it owns (upstream's calculateStatus): replicas,
 * fullyLabeledReplicas (pods carrying every template label), readyReplicas, availableReplicas
 * (ready for minReadySeconds), observedGeneration, and the ReplicaFailure condition while
 * creating or deleting pods fails. Zero counters are omitted, as Go serializes them.
 */
public final class ReplicaSetStatus {

    public static final String REPLICA_FAILURE = "ReplicaFailure";

    private ReplicaSetStatus() {
    }

    /**
     * @param failure the error of this sync's create/delete round, or null
     * @param failureReason FailedCreate or FailedDelete
     */
    public static ObjectNode calculate(ObjectNode rs, List<ObjectNode> pods, RuntimeException failure,
                                       String failureReason, Instant now) {
        Map<String, String> templateLabels = Meta.stringMap(
                rs.path("spec").path("template") instanceof ObjectNode t ? t : Json.object(), "labels");
        int minReady = rs.path("spec").path("minReadySeconds").asInt(0);
        int fullyLabeled = 0;
        int ready = 0;
        int available = 0;
        for (ObjectNode pod : pods) {
            Map<String, String> labels = Meta.labelsView(pod);
            if (templateLabels.entrySet().stream().allMatch(e -> e.getValue().equals(labels.get(e.getKey())))) {
                fullyLabeled++;
            }
            if (Pods.isReady(pod)) {
                ready++;
                if (Pods.isAvailable(pod, minReady, now)) {
                    available++;
                }
            }
        }
        ObjectNode status = Json.object();
        status.put("replicas", pods.size());
        putPositive(status, "fullyLabeledReplicas", fullyLabeled);
        putPositive(status, "readyReplicas", ready);
        putPositive(status, "availableReplicas", available);
        JsonNode generation = rs.path("metadata").path("generation");
        if (generation.isNumber()) {
            status.put("observedGeneration", generation.asLong());
        }
        ArrayNode conditions = Json.MAPPER.createArrayNode();
        JsonNode existingFailure = null;
        for (JsonNode c : rs.path("status").path("conditions")) {
            if (REPLICA_FAILURE.equals(c.path("type").asString(""))) {
                existingFailure = c;
            } else {
                conditions.add(c.deepCopy());
            }
        }
        if (failure != null) {
            if (existingFailure != null) {
                conditions.add(existingFailure.deepCopy());
            } else {
                ObjectNode c = conditions.addObject();
                c.put("type", REPLICA_FAILURE);
                c.put("status", "True");
                c.put("lastTransitionTime", now.truncatedTo(ChronoUnit.SECONDS).toString());
                c.put("reason", failureReason);
                c.put("message", String.valueOf(failure.getMessage()));
            }
        }
        if (!conditions.isEmpty()) {
            status.set("conditions", conditions);
        }
        return status;
    }

    private static void putPositive(ObjectNode status, String field, int value) {
        if (value > 0) {
            status.put(field, value);
        }
    }

    /** Whether the counters, observedGeneration and conditions of two statuses agree. */
    public static boolean same(JsonNode a, JsonNode b) {
        for (String f : new String[] {"replicas", "fullyLabeledReplicas", "readyReplicas", "availableReplicas",
                "observedGeneration"}) {
            if (a.path(f).asLong(0) != b.path(f).asLong(0)) {
                return false;
            }
        }
        JsonNode ca = a.path("conditions");
        JsonNode cb = b.path("conditions");
        return ca.size() == cb.size() && (ca.isEmpty() || ca.equals(cb));
    }
}
