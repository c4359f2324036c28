package io.k3j.controllers.nodelifecycle;

import io.k3j.controllers.nodelifecycle.Taints.Taint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * When the taint eviction controller deletes each pod (upstream's taint eviction queue): at once
 * when a NoExecute taint of its node is not tolerated, after the smallest tolerationSeconds of
 * the tolerations in use counted from when the pod was first found tainted, never when those
 * tolerate forever. Time is passed in. Thread-safe.
 */
final class EvictionSchedule {

    private final Map<String, Instant> since = new ConcurrentHashMap<>();

    /**
     * When pod {@code key} with {@code tolerations} on a node with {@code noExecuteTaints} is to
     * be deleted, or empty when it stays (any earlier schedule is then cancelled).
     */
    Optional<Instant> evictionTime(String key, List<Taint> noExecuteTaints, JsonNode tolerations, Instant now) {
        if (noExecuteTaints.isEmpty()) {
            since.remove(key);
            return Optional.empty();
        }
        List<JsonNode> used = new ArrayList<>();
        for (Taint taint : noExecuteTaints) {
            boolean tolerated = false;
            for (JsonNode t : tolerations) {
                if (Taints.tolerates(t, taint)) {
                    tolerated = true;
                    used.add(t);
                }
            }
            if (!tolerated) {
                since.putIfAbsent(key, now);
                return Optional.of(now);
            }
        }
        Duration min = minTolerationTime(used);
        if (min == null) {
            since.remove(key);
            return Optional.empty();
        }
        Instant start = since.computeIfAbsent(key, k -> now);
        return Optional.of(start.plus(min));
    }

    /** Upstream's getMinTolerationTime: null means forever; seconds below 1 mean at once. */
    static Duration minTolerationTime(List<JsonNode> tolerations) {
        Duration min = null;
        for (JsonNode t : tolerations) {
            JsonNode s = t.get("tolerationSeconds");
            if (s == null || s.isNull()) {
                continue;
            }
            long seconds = s.asLong(0);
            if (seconds <= 0) {
                return Duration.ZERO;
            }
            if (min == null || seconds < min.toSeconds()) {
                min = Duration.ofSeconds(seconds);
            }
        }
        return min;
    }

    /** Forgets pod {@code key}; true when an eviction was pending for it. */
    boolean cancel(String key) {
        return since.remove(key) != null;
    }

    boolean pending(String key) {
        return since.containsKey(key);
    }
}
