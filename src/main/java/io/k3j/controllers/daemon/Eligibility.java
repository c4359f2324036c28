package io.k3j.controllers.daemon;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Whether a DaemonSet's pod belongs on a node (upstream's NodeShouldRunDaemonPod): it must match the
 * template's node name, nodeSelector and required node affinity, and tolerate the node's NoSchedule
 * and NoExecute taints (with the automatic DaemonSet tolerations added). A pod already there may stay
 * while only NoSchedule taints are untolerated. Unschedulable nodes are eligible. Stateless.
 *
 * @param shouldRun a pod should be created on the node
 * @param shouldContinueRunning an existing pod may stay
 */
public record Eligibility(boolean shouldRun, boolean shouldContinueRunning) {

    static final Eligibility NO = new Eligibility(false, false);

    /** {@code podSpec} must already carry the DaemonSet tolerations (see {@link DaemonPods#podSpec}). */
    public static Eligibility of(JsonNode podSpec, ObjectNode node) {
        String pinned = podSpec.path("nodeName").asString("");
        if (!pinned.isEmpty() && !pinned.equals(io.k3j.api.Meta.name(node))) {
            return NO;
        }
        if (!NodeAffinity.matches(podSpec, node)) {
            return NO;
        }
        boolean run = true;
        JsonNode tolerations = podSpec.path("tolerations");
        for (JsonNode taint : node.path("spec").path("taints")) {
            String effect = taint.path("effect").asString("");
            if (!effect.equals(Tolerations.NO_SCHEDULE) && !effect.equals(Tolerations.NO_EXECUTE)) {
                continue;
            }
            if (Tolerations.tolerated(tolerations, taint)) {
                continue;
            }
            if (effect.equals(Tolerations.NO_EXECUTE)) {
                return NO;
            }
            run = false;
        }
        return new Eligibility(run, true);
    }
}
