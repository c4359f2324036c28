package io.k3j.controllers.deployment;

import io.k3j.api.Json;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Deployment status conditions, set and removed as upstream's deployment util does. */
final class Conditions {

    static final String AVAILABLE = "Available";
    static final String PROGRESSING = "Progressing";
    static final String REPLICA_FAILURE = "ReplicaFailure";

    static final String NEW_RS_CREATED = "NewReplicaSetCreated";
    static final String FOUND_NEW_RS = "FoundNewReplicaSet";
    static final String RS_UPDATED = "ReplicaSetUpdated";
    static final String NEW_RS_AVAILABLE = "NewReplicaSetAvailable";
    static final String TIMED_OUT = "ProgressDeadlineExceeded";
    static final String FAILED_RS_CREATE = "ReplicaSetCreateError";
    static final String PAUSED = "DeploymentPaused";
    static final String RESUMED = "DeploymentResumed";
    static final String MIN_AVAILABLE = "MinimumReplicasAvailable";
    static final String MIN_UNAVAILABLE = "MinimumReplicasUnavailable";

    private Conditions() {
    }

    static ObjectNode get(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asString("")) && c instanceof ObjectNode o) {
                return o;
            }
        }
        return null;
    }

    static ObjectNode create(String type, String status, String reason, String message, Instant now) {
        String ts = now.truncatedTo(ChronoUnit.SECONDS).toString();
        ObjectNode c = Json.object();
        c.put("type", type);
        c.put("status", status);
        c.put("lastUpdateTime", ts);
        c.put("lastTransitionTime", ts);
        c.put("reason", reason);
        c.put("message", message);
        return c;
    }

    /**
     * Sets {@code condition} in {@code status}: nothing changes when one of its type already has the
     * same status and reason; the transition time is kept when only the reason changes.
     */
    static void set(ObjectNode status, ObjectNode condition) {
        String type = condition.path("type").asString("");
        ObjectNode current = get(status, type);
        if (current != null && current.path("status").equals(condition.path("status"))
                && current.path("reason").equals(condition.path("reason"))) {
            return;
        }
        if (current != null && current.path("status").equals(condition.path("status"))) {
            condition.set("lastTransitionTime", current.path("lastTransitionTime").deepCopy());
        }
        remove(status, type);
        conditions(status).add(condition);
    }

    static void remove(ObjectNode status, String type) {
        if (!(status.get("conditions") instanceof ArrayNode list)) {
            return;
        }
        for (int i = list.size() - 1; i >= 0; i--) {
            if (type.equals(list.get(i).path("type").asString(""))) {
                list.remove(i);
            }
        }
        if (list.isEmpty()) {
            status.remove("conditions");
        }
    }

    private static ArrayNode conditions(ObjectNode status) {
        if (status.get("conditions") instanceof ArrayNode list) {
            return list;
        }
        return status.putArray("conditions");
    }
}
