package io.k3j.controllers.daemon;

import io.k3j.api.Json;
import io.k3j.controllers.Pods;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * A DaemonSet's status from its nodes and pods (upstream's updateDaemonSetStatus): per node that
 * should run the pod, the oldest pod counts as scheduled, ready, available and updated; pods on
 * nodes that should not run it are misscheduled. Stateless.
 */
public final class DaemonStatus {

    private DaemonStatus() {
    }

    /**
     * @param eligibility per node name, whether the pod should run there
     * @param podsByNode the DaemonSet's pods (not being deleted) by target node
     */
    public static ObjectNode compute(long observedGeneration, Map<String, Eligibility> eligibility,
                                     Map<String, List<ObjectNode>> podsByNode, String hash, String generation,
                                     int minReadySeconds, Instant now, Integer collisionCount) {
        int desired = 0;
        int current = 0;
        int misscheduled = 0;
        int ready = 0;
        int available = 0;
        int updated = 0;
        for (var e : eligibility.entrySet()) {
            List<ObjectNode> pods = podsByNode.getOrDefault(e.getKey(), List.of());
            boolean scheduled = !pods.isEmpty();
            if (e.getValue().shouldRun()) {
                desired++;
                if (scheduled) {
                    current++;
                    ObjectNode pod = DaemonPods.oldestFirst(pods).getFirst();
                    if (Pods.isReady(pod)) {
                        ready++;
                        if (Pods.isAvailable(pod, minReadySeconds, now)) {
                            available++;
                        }
                    }
                    if (DaemonPods.isUpdated(pod, hash, generation)) {
                        updated++;
                    }
                }
            } else if (scheduled) {
                misscheduled++;
            }
        }
        ObjectNode status = Json.object();
        status.put("currentNumberScheduled", current);
        status.put("numberMisscheduled", misscheduled);
        status.put("desiredNumberScheduled", desired);
        status.put("numberReady", ready);
        status.put("observedGeneration", observedGeneration);
        if (updated > 0) {
            status.put("updatedNumberScheduled", updated);
        }
        if (available > 0) {
            status.put("numberAvailable", available);
        }
        if (desired - available > 0) {
            status.put("numberUnavailable", desired - available);
        }
        if (collisionCount != null && collisionCount > 0) {
            status.put("collisionCount", collisionCount);
        }
        return status;
    }
}
