package io.k3j.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** A node taint: key, value (may be empty) and effect (NoSchedule, PreferNoSchedule, NoExecute). Immutable. */
public record Taint(String key, String value, String effect) {

    /** Whether the taint keeps pods that do not tolerate it off the node (NoSchedule, NoExecute). */
    public boolean restrictsScheduling() {
        return effect.equals("NoSchedule") || effect.equals("NoExecute");
    }

    public static List<Taint> listOf(JsonNode taints) {
        if (!taints.isArray() || taints.isEmpty()) {
            return List.of();
        }
        List<Taint> out = new ArrayList<>(taints.size());
        for (JsonNode t : taints) {
            out.add(new Taint(t.path("key").asString(""), t.path("value").asString(""), t.path("effect").asString("")));
        }
        return List.copyOf(out);
    }
}
