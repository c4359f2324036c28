package io.k3j.apiserver.registry;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** The garbage collector's finalizers a delete puts on an object it marks, by propagation policy. */
final class PropagationFinalizers {

    private PropagationFinalizers() {
    }

    /**
     * Brings the garbage collector's finalizers in line with a delete's propagation policy, as
     * upstream does: Orphan adds "orphan" (and drops "foregroundDeletion"), Foreground the
     * reverse, Background drops both; without a policy the finalizers already there stay, and a
     * kind whose legacy default is to orphan ({@code orphansByDefault}) gets "orphan".
     * Returns whether the finalizers changed.
     */
    static boolean apply(ObjectNode meta, String policy, boolean orphansByDefault) {
        List<String> finalizers = new ArrayList<>();
        if (meta.get("finalizers") instanceof ArrayNode arr) {
            for (JsonNode f : arr) {
                finalizers.add(f.asString(""));
            }
        }
        boolean hadOrphan = finalizers.contains(GenericStore.ORPHAN_FINALIZER);
        boolean hadForeground = finalizers.contains(GenericStore.FOREGROUND_FINALIZER);
        boolean orphan;
        boolean foreground;
        switch (policy == null ? "" : policy) {
            case "Orphan" -> {
                orphan = true;
                foreground = false;
            }
            case "Foreground" -> {
                orphan = false;
                foreground = true;
            }
            case "Background" -> {
                orphan = false;
                foreground = false;
            }
            default -> {
                foreground = hadForeground;
                orphan = hadOrphan || !hadForeground && !meta.hasNonNull("deletionTimestamp") && orphansByDefault;
            }
        }
        if (orphan == hadOrphan && foreground == hadForeground) {
            return false;
        }
        finalizers.removeIf(f -> f.equals(GenericStore.ORPHAN_FINALIZER) || f.equals(GenericStore.FOREGROUND_FINALIZER));
        if (orphan) {
            finalizers.add(GenericStore.ORPHAN_FINALIZER);
        }
        if (foreground) {
            finalizers.add(GenericStore.FOREGROUND_FINALIZER);
        }
        if (finalizers.isEmpty()) {
            meta.remove("finalizers");
        } else {
            ArrayNode arr = meta.putArray("finalizers");
            finalizers.forEach(arr::add);
        }
        return true;
    }

    /** Upstream's legacy default garbage-collection policy: core/v1 replication controllers orphan. */
    static boolean orphansByDefault(ResourceType type) {
        return type.group().isEmpty() && type.resource().equals("replicationcontrollers");
    }
}
