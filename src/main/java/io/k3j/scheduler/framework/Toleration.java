package io.k3j.scheduler.framework;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A pod toleration (upstream's v1.Toleration.ToleratesTaint): an empty key with operator Exists
 * tolerates everything; an empty effect matches every effect; operator Equal (the default)
 * compares values. Immutable.
 */
public record Toleration(String key, String operator, String value, String effect) {

    public static List<Toleration> listOf(JsonNode tolerations) {
        if (!tolerations.isArray() || tolerations.isEmpty()) {
            return List.of();
        }
        List<Toleration> out = new ArrayList<>(tolerations.size());
        for (JsonNode t : tolerations) {
            out.add(new Toleration(t.path("key").asString(""), t.path("operator").asString("Equal"),
                    t.path("value").asString(""), t.path("effect").asString("")));
        }
        return intern(List.copyOf(out));
    }

    /** Lists seen, so that pods with equal tolerations share one list (bounded: forgotten when it grows). */
    private static final java.util.concurrent.ConcurrentHashMap<List<Toleration>, List<Toleration>> INTERNED =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_INTERNED = 4096;

    static List<Toleration> intern(List<Toleration> list) {
        List<Toleration> seen = INTERNED.putIfAbsent(list, list);
        if (seen != null) {
            return seen;
        }
        if (INTERNED.size() > MAX_INTERNED) {
            INTERNED.clear();
        }
        return list;
    }

    public boolean tolerates(Taint taint) {
        if (!effect.isEmpty() && !effect.equals(taint.effect())) {
            return false;
        }
        if (!key.isEmpty() && !key.equals(taint.key())) {
            return false;
        }
        return switch (operator) {
            case "Exists" -> true;
            case "Equal", "" -> value.equals(taint.value());
            default -> false;
        };
    }

    /** Whether any of {@code tolerations} tolerates {@code taint}. */
    public static boolean anyTolerates(List<Toleration> tolerations, Taint taint) {
        for (Toleration t : tolerations) {
            if (t.tolerates(taint)) {
                return true;
            }
        }
        return false;
    }
}
