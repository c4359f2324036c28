package io.k3j.controllers.deployment;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A Deployment's status as upstream works it out (calculateStatus, syncRolloutStatus and the
 * Progressing-condition checks), from the Deployment {@code d} as last written and its replica
 * sets. Pure: {@link DeploymentSync} decides what to write.
 */
final class DeploymentStatus {

    private DeploymentStatus() {
    }

    static ObjectNode of(ObjectNode d) {
        return d.get("status") instanceof ObjectNode s ? s : Json.object();
    }

    static boolean hasProgressDeadline(ObjectNode d) {
        JsonNode p = d.path("spec").get("progressDeadlineSeconds");
        return p != null && p.isIntegralNumber() && p.asLong() != Integer.MAX_VALUE;
    }

    /** The status with Progressing set to DeploymentPaused / DeploymentResumed when that changed, else empty. */
    static Optional<ObjectNode> pausedConditions(ObjectNode d, Instant now) {
        if (!hasProgressDeadline(d)) {
            return Optional.empty();
        }
        ObjectNode cond = Conditions.get(of(d), Conditions.PROGRESSING);
        if (cond != null && Conditions.TIMED_OUT.equals(cond.path("reason").asString(""))) {
            return Optional.empty();
        }
        boolean pausedCond = cond != null && Conditions.PAUSED.equals(cond.path("reason").asString(""));
        boolean paused = d.path("spec").path("paused").asBoolean(false);
        ObjectNode status = of(d).deepCopy();
        if (paused && !pausedCond) {
            Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "Unknown", Conditions.PAUSED,
                    "Deployment is paused", now));
        } else if (!paused && pausedCond) {
            Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "Unknown", Conditions.RESUMED,
                    "Deployment is resumed", now));
        } else {
            return Optional.empty();
        }
        return Optional.of(status);
    }

    /** Upstream's calculateStatus: counters from the replica sets, Available from maxUnavailable. */
    static ObjectNode calculate(ObjectNode d, DeploymentSync.Sets sets, Instant now) {
        int available = 0;
        int ready = 0;
        int actual = 0;
        for (ObjectNode rs : sets.all()) {
            available += rs.path("status").path("availableReplicas").asInt(0);
            ready += rs.path("status").path("readyReplicas").asInt(0);
            actual += rs.path("status").path("replicas").asInt(0);
        }
        int updated = sets.newRs() == null ? 0 : sets.newRs().path("status").path("replicas").asInt(0);
        int unavailable = Math.max(0, RollingMath.specReplicas(sets.all()) - available);
        ObjectNode status = Json.object();
        status.put("observedGeneration", d.path("metadata").path("generation").asLong(0));
        putPositive(status, "replicas", actual);
        putPositive(status, "updatedReplicas", updated);
        putPositive(status, "readyReplicas", ready);
        putPositive(status, "availableReplicas", available);
        putPositive(status, "unavailableReplicas", unavailable);
        ObjectNode current = of(d);
        if (current.get("conditions") instanceof ArrayNode c) {
            status.set("conditions", c.deepCopy());
        }
        if (current.get("collisionCount") != null) {
            status.set("collisionCount", current.get("collisionCount").deepCopy());
        }
        if (available >= RollingMath.replicas(d) - RollingMath.maxUnavailable(d)) {
            Conditions.set(status, Conditions.create(Conditions.AVAILABLE, "True", Conditions.MIN_AVAILABLE,
                    "Deployment has minimum availability.", now));
        } else {
            Conditions.set(status, Conditions.create(Conditions.AVAILABLE, "False", Conditions.MIN_UNAVAILABLE,
                    "Deployment does not have minimum availability.", now));
        }
        return status;
    }

    private static void putPositive(ObjectNode status, String field, int value) {
        if (value > 0) {
            status.put(field, value);
        }
    }

    /** All replicas updated and available, and the generation observed (upstream's DeploymentComplete). */
    static boolean complete(ObjectNode d, JsonNode status) {
        int r = RollingMath.replicas(d);
        return status.path("updatedReplicas").asInt(0) == r && status.path("replicas").asInt(0) == r
                && status.path("availableReplicas").asInt(0) == r
                && status.path("observedGeneration").asLong(0) >= d.path("metadata").path("generation").asLong(0);
    }

    private static boolean progressing(ObjectNode d, JsonNode newStatus) {
        JsonNode old = of(d);
        int oldOld = old.path("replicas").asInt(0) - old.path("updatedReplicas").asInt(0);
        int newOld = newStatus.path("replicas").asInt(0) - newStatus.path("updatedReplicas").asInt(0);
        return newStatus.path("updatedReplicas").asInt(0) > old.path("updatedReplicas").asInt(0) || newOld < oldOld
                || newStatus.path("readyReplicas").asInt(0) > old.path("readyReplicas").asInt(0)
                || newStatus.path("availableReplicas").asInt(0) > old.path("availableReplicas").asInt(0);
    }

    private static boolean timedOut(ObjectNode d, JsonNode status, Instant now) {
        ObjectNode cond = Conditions.get(status, Conditions.PROGRESSING);
        if (!hasProgressDeadline(d) || cond == null) {
            return false;
        }
        String reason = cond.path("reason").asString("");
        if (Conditions.NEW_RS_AVAILABLE.equals(reason)) {
            return false;
        }
        if (Conditions.TIMED_OUT.equals(reason)) {
            return true;
        }
        Instant from = Instant.parse(cond.path("lastUpdateTime").asString(now.toString()));
        return from.plusSeconds(d.path("spec").path("progressDeadlineSeconds").asLong()).isBefore(now);
    }

    /** The calculated status with the Progressing and ReplicaFailure conditions (upstream's syncRolloutStatus). */
    static ObjectNode withRolloutConditions(ObjectNode d, DeploymentSync.Sets sets, Instant now) {
        ObjectNode status = calculate(d, sets, now);
        boolean deadline = hasProgressDeadline(d);
        if (!deadline) {
            Conditions.remove(status, Conditions.PROGRESSING);
        }
        ObjectNode current = Conditions.get(status, Conditions.PROGRESSING);
        boolean isComplete = status.path("replicas").asInt(0) == status.path("updatedReplicas").asInt(0)
                && current != null && Conditions.NEW_RS_AVAILABLE.equals(current.path("reason").asString(""));
        String subject = sets.newRs() != null ? "ReplicaSet \"" + Meta.name(sets.newRs()) + "\""
                : "Deployment \"" + Meta.name(d) + "\"";
        if (deadline && !isComplete) {
            if (complete(d, status)) {
                Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "True", Conditions.NEW_RS_AVAILABLE,
                        subject + " has successfully progressed.", now));
            } else if (progressing(d, status)) {
                ObjectNode cond = Conditions.create(Conditions.PROGRESSING, "True", Conditions.RS_UPDATED,
                        subject + " is progressing.", now);
                if (current != null && "True".equals(current.path("status").asString(""))
                        && Conditions.RS_UPDATED.equals(current.path("reason").asString(""))) {
                    cond.set("lastTransitionTime", current.path("lastTransitionTime").deepCopy());
                    Conditions.remove(status, Conditions.PROGRESSING);
                }
                Conditions.set(status, cond);
            } else if (timedOut(d, status, now)) {
                Conditions.set(status, Conditions.create(Conditions.PROGRESSING, "False", Conditions.TIMED_OUT,
                        subject + " has timed out progressing.", now));
            }
        }
        ObjectNode failure = null;
        for (ObjectNode rs : sets.all()) {
            ObjectNode c = Conditions.get(rs.path("status"), Conditions.REPLICA_FAILURE);
            if (c != null && "True".equals(c.path("status").asString(""))) {
                failure = Conditions.create(Conditions.REPLICA_FAILURE, "True", c.path("reason").asString(""),
                        c.path("message").asString(""), now);
                break;
            }
        }
        if (failure != null) {
            Conditions.set(status, failure);
        } else {
            Conditions.remove(status, Conditions.REPLICA_FAILURE);
        }
        return status;
    }

    /** When to look again for a rollout still within its progress deadline (at least 1 s), else empty. */
    static Optional<Duration> deadlineRecheck(ObjectNode d, JsonNode status, Instant now) {
        ObjectNode cond = Conditions.get(status, Conditions.PROGRESSING);
        if (cond == null || !hasProgressDeadline(d)) {
            return Optional.empty();
        }
        String reason = cond.path("reason").asString("");
        if (Conditions.NEW_RS_AVAILABLE.equals(reason) || Conditions.TIMED_OUT.equals(reason) || complete(d, status)) {
            return Optional.empty();
        }
        Instant from = Instant.parse(cond.path("lastUpdateTime").asString(now.toString()));
        Duration after = Duration.between(now, from.plusSeconds(d.path("spec").path("progressDeadlineSeconds").asLong()));
        return Optional.of(after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : after.plusSeconds(1));
    }
}
