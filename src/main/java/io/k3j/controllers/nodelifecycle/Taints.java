package io.k3j.controllers.nodelifecycle;

import io.k3j.api.Json;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Node taints and pod tolerations as the node lifecycle and taint eviction controllers judge them. Stateless. */
public final class Taints {

    public static final String NOT_READY = "node.kubernetes.io/not-ready";
    public static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    public static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    public static final String MEMORY_PRESSURE = "node.kubernetes.io/memory-pressure";
    public static final String DISK_PRESSURE = "node.kubernetes.io/disk-pressure";
    public static final String PID_PRESSURE = "node.kubernetes.io/pid-pressure";
    public static final String NETWORK_UNAVAILABLE = "node.kubernetes.io/network-unavailable";
    public static final String OUT_OF_SERVICE = "node.kubernetes.io/out-of-service";
    public static final String NO_EXECUTE = "NoExecute";
    public static final String NO_SCHEDULE = "NoSchedule";

    /** A taint's identity: key and effect (the value does not make two taints different, as upstream's MatchTaint). */
    public record Taint(String key, String value, String effect) {
        static Taint of(JsonNode t) {
            return new Taint(t.path("key").asString(""), t.path("value").asString(""), t.path("effect").asString(""));
        }

        boolean sameAs(Taint o) {
            return key.equals(o.key) && effect.equals(o.effect);
        }
    }

    private Taints() {
    }

    public static List<Taint> of(ObjectNode node) {
        List<Taint> out = new ArrayList<>();
        for (JsonNode t : node.path("spec").path("taints")) {
            out.add(Taint.of(t));
        }
        return out;
    }

    public static List<Taint> noExecute(ObjectNode node) {
        return of(node).stream().filter(t -> t.effect().equals(NO_EXECUTE)).toList();
    }

    public static boolean has(ObjectNode node, String key, String effect) {
        return of(node).stream().anyMatch(t -> t.key().equals(key) && t.effect().equals(effect));
    }

    /** Whether {@code toleration} tolerates {@code taint} (upstream's Toleration.ToleratesTaint). */
    public static boolean tolerates(JsonNode toleration, Taint taint) {
        String effect = toleration.path("effect").asString("");
        if (!effect.isEmpty() && !effect.equals(taint.effect())) {
            return false;
        }
        String key = toleration.path("key").asString("");
        if (!key.isEmpty() && !key.equals(taint.key())) {
            return false;
        }
        String op = toleration.path("operator").asString("");
        return switch (op) {
            case "Exists" -> true;
            case "", "Equal" -> toleration.path("value").asString("").equals(taint.value());
            default -> false;
        };
    }

    /**
     * The taints after removing those with {@code remove}'s key and effect and adding {@code add}
     * (not duplicating present ones); {@code timeAdded} stamps new NoExecute taints.
     */
    public static ArrayNode with(ObjectNode node, List<Taint> add, List<Taint> remove, String timeAdded) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        List<Taint> present = new ArrayList<>();
        for (JsonNode t : node.path("spec").path("taints")) {
            Taint taint = Taint.of(t);
            if (remove.stream().anyMatch(taint::sameAs)) {
                continue;
            }
            out.add(t.deepCopy());
            present.add(taint);
        }
        for (Taint t : add) {
            if (present.stream().anyMatch(t::sameAs)) {
                continue;
            }
            ObjectNode o = out.addObject();
            o.put("key", t.key());
            if (!t.value().isEmpty()) {
                o.put("value", t.value());
            }
            o.put("effect", t.effect());
            if (t.effect().equals(NO_EXECUTE) && timeAdded != null) {
                o.put("timeAdded", timeAdded);
            }
            present.add(t);
        }
        return out;
    }
}
