package io.k3j.controllers.nodelifecycle;

import io.k3j.api.Json;
import io.k3j.controllers.nodelifecycle.Taints.Taint;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the node lifecycle controller derives from a node's status: the conditions it sets to
 * Unknown when the kubelet stops posting, and the taints its conditions call for (upstream's
 * NoExecute and NoSchedule tainting passes). Stateless.
 */
public final class NodeConditions {

    /** The conditions the kubelet owns and the controller marks Unknown. */
    static final List<String> KUBELET_CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");
    static final String STOPPED_REASON = "NodeStatusUnknown";
    static final String STOPPED_MESSAGE = "Kubelet stopped posting node status.";
    static final String NEVER_REASON = "NodeStatusNeverUpdated";
    static final String NEVER_MESSAGE = "Kubelet never posted node status.";

    /** The (key, effect) pairs the tainting passes own; others are left alone. */
    static final List<Taint> MANAGED = List.of(
            new Taint(Taints.NOT_READY, "", Taints.NO_EXECUTE),
            new Taint(Taints.UNREACHABLE, "", Taints.NO_EXECUTE),
            new Taint(Taints.NOT_READY, "", Taints.NO_SCHEDULE),
            new Taint(Taints.UNREACHABLE, "", Taints.NO_SCHEDULE),
            new Taint(Taints.MEMORY_PRESSURE, "", Taints.NO_SCHEDULE),
            new Taint(Taints.DISK_PRESSURE, "", Taints.NO_SCHEDULE),
            new Taint(Taints.PID_PRESSURE, "", Taints.NO_SCHEDULE),
            new Taint(Taints.NETWORK_UNAVAILABLE, "", Taints.NO_SCHEDULE),
            new Taint(Taints.UNSCHEDULABLE, "", Taints.NO_SCHEDULE));

    private NodeConditions() {
    }

    /** The status of condition {@code type} ("True", "False", "Unknown"), or null when the node has none. */
    public static String status(ObjectNode node, String type) {
        for (JsonNode c : node.path("status").path("conditions")) {
            if (c.path("type").asString("").equals(type)) {
                return c.path("status").asString("Unknown");
            }
        }
        return null;
    }

    /** The Ready condition's lastHeartbeatTime, or "" when there is none. */
    static String readyHeartbeat(ObjectNode node) {
        for (JsonNode c : node.path("status").path("conditions")) {
            if (c.path("type").asString("").equals("Ready")) {
                return c.path("lastHeartbeatTime").asString("");
            }
        }
        return "";
    }

    /** Whether every kubelet condition is already Unknown. */
    static boolean allUnknown(ObjectNode node) {
        return KUBELET_CONDITIONS.stream().allMatch(t -> "Unknown".equals(status(node, t)));
    }

    /**
     * A copy of the node's status with every kubelet condition Unknown: existing ones keep their
     * heartbeat and get reason NodeStatusUnknown; missing ones are added as never updated.
     */
    static ObjectNode unknownStatus(ObjectNode node, String now) {
        ObjectNode status = node.get("status") instanceof ObjectNode s ? s.deepCopy() : Json.object();
        ArrayNode conditions = status.get("conditions") instanceof ArrayNode a ? a : status.putArray("conditions");
        for (String type : KUBELET_CONDITIONS) {
            ObjectNode found = null;
            for (JsonNode c : conditions) {
                if (c.path("type").asString("").equals(type) && c instanceof ObjectNode o) {
                    found = o;
                }
            }
            if (found == null) {
                conditions.addObject().put("type", type).put("status", "Unknown").put("lastHeartbeatTime", now)
                        .put("lastTransitionTime", now).put("reason", NEVER_REASON).put("message", NEVER_MESSAGE);
            } else if (!"Unknown".equals(found.path("status").asString(""))) {
                found.put("status", "Unknown");
                found.put("reason", STOPPED_REASON);
                found.put("message", STOPPED_MESSAGE);
                found.put("lastTransitionTime", now);
            }
        }
        return status;
    }

    /** The managed taints the node's conditions and spec.unschedulable call for. */
    static List<Taint> desiredTaints(ObjectNode node) {
        List<Taint> out = new ArrayList<>();
        String ready = status(node, "Ready");
        if ("False".equals(ready)) {
            out.add(new Taint(Taints.NOT_READY, "", Taints.NO_EXECUTE));
            out.add(new Taint(Taints.NOT_READY, "", Taints.NO_SCHEDULE));
        } else if ("Unknown".equals(ready)) {
            out.add(new Taint(Taints.UNREACHABLE, "", Taints.NO_EXECUTE));
            out.add(new Taint(Taints.UNREACHABLE, "", Taints.NO_SCHEDULE));
        }
        if ("True".equals(status(node, "MemoryPressure"))) {
            out.add(new Taint(Taints.MEMORY_PRESSURE, "", Taints.NO_SCHEDULE));
        }
        if ("True".equals(status(node, "DiskPressure"))) {
            out.add(new Taint(Taints.DISK_PRESSURE, "", Taints.NO_SCHEDULE));
        }
        if ("True".equals(status(node, "PIDPressure"))) {
            out.add(new Taint(Taints.PID_PRESSURE, "", Taints.NO_SCHEDULE));
        }
        if ("True".equals(status(node, "NetworkUnavailable"))) {
            out.add(new Taint(Taints.NETWORK_UNAVAILABLE, "", Taints.NO_SCHEDULE));
        }
        if (node.path("spec").path("unschedulable").asBoolean(false)) {
            out.add(new Taint(Taints.UNSCHEDULABLE, "", Taints.NO_SCHEDULE));
        }
        return out;
    }

    /** Managed taints present on the node that its conditions no longer call for. */
    static List<Taint> staleTaints(ObjectNode node, List<Taint> desired) {
        List<Taint> out = new ArrayList<>();
        for (Taint t : Taints.of(node)) {
            boolean managed = MANAGED.stream().anyMatch(m -> m.key().equals(t.key()) && m.effect().equals(t.effect()));
            boolean wanted = desired.stream().anyMatch(d -> d.key().equals(t.key()) && d.effect().equals(t.effect()));
            if (managed && !wanted) {
                out.add(t);
            }
        }
        return out;
    }

    /** Desired taints the node lacks. */
    static List<Taint> missingTaints(ObjectNode node, List<Taint> desired) {
        return desired.stream().filter(d -> !Taints.has(node, d.key(), d.effect())).toList();
    }
}
