package io.k3j.controllers.deployment;

import io.k3j.api.Meta;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The annotations a Deployment keeps on its replica sets (upstream's deployment util):
 * the revision, the revision history, the desired and maximum replica counts, and the
 * Deployment's own annotations (such as {@code kubernetes.io/change-cause}) copied over.
 */
final class Revisions {

    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    private static final Set<String> NOT_COPIED = Set.of(REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS,
            "kubectl.kubernetes.io/last-applied-configuration");

    private Revisions() {
    }

    /** The revision annotation as a number; 0 when absent or not a number. */
    static long revision(JsonNode object) {
        try {
            return Long.parseLong(object.path("metadata").path("annotations").path(REVISION).asString("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** An integer annotation, or null when absent or malformed. */
    static Integer intAnnotation(JsonNode object, String name) {
        JsonNode v = object.path("metadata").path("annotations").get(name);
        if (v == null || !v.isString()) {
            return null;
        }
        try {
            return Integer.parseInt(v.stringValue());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static ObjectNode annotations(ObjectNode object) {
        ObjectNode meta = Meta.metadata(object);
        if (meta.get("annotations") instanceof ObjectNode a) {
            return a;
        }
        return meta.putObject("annotations");
    }

    /**
     * Brings a replica set's annotations in line with its Deployment (upstream's
     * SetNewReplicaSetAnnotations); returns whether anything changed.
     */
    static boolean setNewReplicaSetAnnotations(ObjectNode d, ObjectNode rs, long newRevision, boolean exists,
                                               int maxSurge) {
        boolean changed = false;
        ObjectNode annotations = annotations(rs);
        for (Map.Entry<String, String> e : Meta.stringMap(d, "annotations").entrySet()) {
            if (!NOT_COPIED.contains(e.getKey()) && !e.getValue().equals(annotations.path(e.getKey()).asString(null))) {
                annotations.put(e.getKey(), e.getValue());
                changed = true;
            }
        }
        String old = annotations.path(REVISION).asString("");
        long oldRevision = revision(rs);
        if (oldRevision < newRevision) {
            annotations.put(REVISION, Long.toString(newRevision));
            changed = true;
            if (!old.isEmpty()) {
                String history = annotations.path(REVISION_HISTORY).asString("");
                annotations.put(REVISION_HISTORY, history.isEmpty() ? old : history + "," + old);
            }
        }
        if (!exists && setReplicasAnnotations(rs, RollingMath.replicas(d), RollingMath.replicas(d) + maxSurge)) {
            changed = true;
        }
        return changed;
    }

    /** Sets desired-replicas and max-replicas; returns whether they changed. */
    static boolean setReplicasAnnotations(ObjectNode rs, int desired, int max) {
        ObjectNode annotations = annotations(rs);
        boolean changed = false;
        if (!Integer.toString(desired).equals(annotations.path(DESIRED_REPLICAS).asString(null))) {
            annotations.put(DESIRED_REPLICAS, Integer.toString(desired));
            changed = true;
        }
        if (!Integer.toString(max).equals(annotations.path(MAX_REPLICAS).asString(null))) {
            annotations.put(MAX_REPLICAS, Integer.toString(max));
            changed = true;
        }
        return changed;
    }
}
