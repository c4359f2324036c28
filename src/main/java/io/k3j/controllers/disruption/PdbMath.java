package io.k3j.controllers.disruption;

import io.k3j.api.Meta;
import io.k3j.controllers.Pods;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The arithmetic of a PodDisruptionBudget's status (upstream's disruption controller): how many
 * pods are expected, how many must stay healthy, how many are, and so how many may be disrupted.
 * Pure functions over plain objects.
 */
public final class PdbMath {

    /** How long an eviction may take before its pod counts as healthy again (upstream's DeletionTimeout). */
    public static final Duration DELETION_TIMEOUT = Duration.ofMinutes(2);

    /** Expected pods and the number that must stay healthy. */
    public record Desired(int expectedCount, int desiredHealthy) {
    }

    /** Pods evicted but not yet deleted, and when the earliest of them times out (null: none). */
    public record Disrupted(Map<String, String> pods, Instant recheckAt) {
    }

    private PdbMath() {
    }

    /** Whether the budget needs the scale of the pods' controllers: maxUnavailable, or a percentage minAvailable. */
    public static boolean needsScale(JsonNode spec) {
        JsonNode max = spec.get("maxUnavailable");
        JsonNode min = spec.get("minAvailable");
        if (max != null && !max.isNull()) {
            return true;
        }
        return min != null && min.isString();
    }

    /**
     * Upstream's getExpectedPodCount: with minAvailable as a number the pods themselves are
     * expected; otherwise {@code expectedScale} (the controllers' replicas) is, and the desired
     * healthy count is scaled from it, rounding up.
     */
    public static Desired desired(JsonNode spec, int podCount, int expectedScale) {
        JsonNode max = spec.get("maxUnavailable");
        JsonNode min = spec.get("minAvailable");
        if (max != null && !max.isNull()) {
            int unavailable = scaled(max, expectedScale);
            return new Desired(expectedScale, Math.max(0, expectedScale - unavailable));
        }
        if (min != null && !min.isNull()) {
            if (min.isNumber()) {
                return new Desired(podCount, min.asInt());
            }
            return new Desired(expectedScale, scaled(min, expectedScale));
        }
        return new Desired(0, 0);
    }

    /** An int-or-percent value against {@code total}, percentages rounded up; a bad value is an IllegalArgumentException. */
    public static int scaled(JsonNode value, int total) {
        if (value.isNumber()) {
            return value.asInt();
        }
        String s = value.asString("");
        if (!s.endsWith("%")) {
            throw new IllegalArgumentException("invalid value for IntOrString: invalid type: string is not a percentage");
        }
        int pct;
        try {
            pct = Integer.parseInt(s.substring(0, s.length() - 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid value \"" + s + "\": " + e.getMessage());
        }
        return (int) Math.ceil(pct * (double) total / 100.0);
    }

    /**
     * Evictions still in flight: entries of {@code previous} whose pod is still there, not being
     * deleted, and evicted less than {@link #DELETION_TIMEOUT} ago.
     */
    public static Disrupted disrupted(JsonNode previous, List<ObjectNode> pods, Instant now) {
        Map<String, ObjectNode> byName = new LinkedHashMap<>();
        pods.forEach(p -> byName.put(Meta.name(p), p));
        Map<String, String> out = new LinkedHashMap<>();
        Instant recheck = null;
        for (Map.Entry<String, JsonNode> e : previous.properties()) {
            ObjectNode pod = byName.get(e.getKey());
            if (pod == null || Meta.isDeleting(pod)) {
                continue;
            }
            Instant at;
            try {
                at = Instant.parse(e.getValue().asString(""));
            } catch (RuntimeException bad) {
                continue;
            }
            Instant expires = at.plus(DELETION_TIMEOUT);
            if (!expires.isAfter(now)) {
                continue;
            }
            out.put(e.getKey(), e.getValue().asString());
            if (recheck == null || expires.isBefore(recheck)) {
                recheck = expires;
            }
        }
        return new Disrupted(out, recheck);
    }

    /** Ready pods that are neither being deleted nor being evicted (upstream's countHealthyPods). */
    public static int currentHealthy(List<ObjectNode> pods, Map<String, String> disrupted) {
        int n = 0;
        for (ObjectNode p : pods) {
            if (Meta.isDeleting(p) || disrupted.containsKey(Meta.name(p))) {
                continue;
            }
            if (Pods.isReady(p)) {
                n++;
            }
        }
        return n;
    }

    /** currentHealthy − desiredHealthy, never negative, and 0 when no pods are expected. */
    public static int disruptionsAllowed(int currentHealthy, int desiredHealthy, int expectedCount) {
        int allowed = currentHealthy - desiredHealthy;
        return expectedCount <= 0 || allowed <= 0 ? 0 : allowed;
    }
}
