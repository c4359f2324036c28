package io.k3j.controllers.job;

import io.k3j.api.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Job status conditions: upstream's types, reasons and messages, and how they are set. */
public final class JobConditions {

    public static final String COMPLETE = "Complete";
    public static final String FAILED = "Failed";
    public static final String SUSPENDED = "Suspended";
    public static final String FAILURE_TARGET = "FailureTarget";
    public static final String SUCCESS_CRITERIA_MET = "SuccessCriteriaMet";

    public static final String COMPLETIONS_REACHED = "CompletionsReached";
    public static final String COMPLETIONS_REACHED_MESSAGE = "Reached expected number of succeeded pods";
    public static final String BACKOFF_LIMIT_EXCEEDED = "BackoffLimitExceeded";
    public static final String BACKOFF_LIMIT_EXCEEDED_MESSAGE = "Job has reached the specified backoff limit";
    public static final String DEADLINE_EXCEEDED = "DeadlineExceeded";
    public static final String DEADLINE_EXCEEDED_MESSAGE = "Job was active longer than specified deadline";
    public static final String JOB_SUSPENDED = "JobSuspended";
    public static final String JOB_RESUMED = "JobResumed";

    private JobConditions() {
    }

    /** The condition of {@code type} in {@code status}, or null. */
    public static ObjectNode find(JsonNode status, String type) {
        for (JsonNode c : status.path("conditions")) {
            if (type.equals(c.path("type").asString("")) && c instanceof ObjectNode o) {
                return o;
            }
        }
        return null;
    }

    /** Whether condition {@code type} is True in {@code status}. */
    public static boolean isTrue(JsonNode status, String type) {
        ObjectNode c = find(status, type);
        return c != null && "True".equals(c.path("status").asString(""));
    }

    /** Whether the job has finished: Complete or Failed is True. */
    public static boolean finished(JsonNode job) {
        JsonNode status = job.path("status");
        return isTrue(status, COMPLETE) || isTrue(status, FAILED);
    }

    /**
     * Sets condition {@code type} in {@code status}; its lastTransitionTime changes only when its
     * status does. Returns whether anything changed.
     */
    public static boolean set(ObjectNode status, String type, String value, String reason, String message,
                              String now) {
        ObjectNode existing = find(status, type);
        if (existing != null) {
            boolean same = value.equals(existing.path("status").asString(""))
                    && reason.equals(existing.path("reason").asString(""))
                    && message.equals(existing.path("message").asString(""));
            if (same) {
                return false;
            }
            if (!value.equals(existing.path("status").asString(""))) {
                existing.put("lastTransitionTime", now);
            }
            existing.put("status", value).put("reason", reason).put("message", message).put("lastProbeTime", now);
            return true;
        }
        ArrayNode conditions = status.get("conditions") instanceof ArrayNode a ? a : status.putArray("conditions");
        ObjectNode c = Json.object();
        c.put("type", type).put("status", value).put("lastProbeTime", now).put("lastTransitionTime", now)
                .put("reason", reason).put("message", message);
        conditions.add(c);
        return true;
    }
}
