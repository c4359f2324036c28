package io.k3j.controllers.daemon;

import io.k3j.api.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Taints and tolerations as the DaemonSet controller judges them: upstream's ToleratesTaint and the
 * tolerations every DaemonSet pod gets (AddOrUpdateDaemonPodTolerations). Stateless.
 */
public final class Tolerations {

    public static final String NO_SCHEDULE = "NoSchedule";
    public static final String NO_EXECUTE = "NoExecute";
    public static final String PREFER_NO_SCHEDULE = "PreferNoSchedule";

    private Tolerations() {
    }

    /** Whether {@code toleration} tolerates {@code taint} (effect, key and operator Exists/Equal). */
    public static boolean tolerates(JsonNode toleration, JsonNode taint) {
        String effect = toleration.path("effect").asString("");
        if (!effect.isEmpty() && !effect.equals(taint.path("effect").asString(""))) {
            return false;
        }
        String key = toleration.path("key").asString("");
        if (!key.isEmpty() && !key.equals(taint.path("key").asString(""))) {
            return false;
        }
        String operator = toleration.path("operator").asString("");
        return switch (operator) {
            case "Exists" -> true;
            case "", "Equal" -> toleration.path("value").asString("").equals(taint.path("value").asString(""));
            default -> false;
        };
    }

    /** Whether any of {@code tolerations} tolerates {@code taint}. */
    public static boolean tolerated(JsonNode tolerations, JsonNode taint) {
        for (JsonNode t : tolerations) {
            if (tolerates(t, taint)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Adds upstream's automatic DaemonSet tolerations to a pod spec: not-ready and unreachable
     * (NoExecute), disk-, memory- and pid-pressure and unschedulable (NoSchedule), and
     * network-unavailable (NoSchedule) for host-network pods. Existing tolerations of the same key and
     * effect are replaced.
     */
    public static void addDaemonTolerations(ObjectNode podSpec) {
        add(podSpec, "node.kubernetes.io/not-ready", NO_EXECUTE);
        add(podSpec, "node.kubernetes.io/unreachable", NO_EXECUTE);
        add(podSpec, "node.kubernetes.io/disk-pressure", NO_SCHEDULE);
        add(podSpec, "node.kubernetes.io/memory-pressure", NO_SCHEDULE);
        add(podSpec, "node.kubernetes.io/pid-pressure", NO_SCHEDULE);
        add(podSpec, "node.kubernetes.io/unschedulable", NO_SCHEDULE);
        if (podSpec.path("hostNetwork").asBoolean(false)) {
            add(podSpec, "node.kubernetes.io/network-unavailable", NO_SCHEDULE);
        }
    }

    private static void add(ObjectNode spec, String key, String effect) {
        ArrayNode list = spec.get("tolerations") instanceof ArrayNode a ? a : spec.putArray("tolerations");
        for (int i = list.size() - 1; i >= 0; i--) {
            JsonNode t = list.get(i);
            if (t.path("key").asString("").equals(key) && t.path("effect").asString("").equals(effect)) {
                list.remove(i);
            }
        }
        ObjectNode t = Json.object();
        t.put("key", key);
        t.put("operator", "Exists");
        t.put("effect", effect);
        list.add(t);
    }
}
