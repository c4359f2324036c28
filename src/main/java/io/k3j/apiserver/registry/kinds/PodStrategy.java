package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Status;
import io.k3j.apiserver.registry.Strategy;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods (core/v1): upstream's PodSpec defaults on every write; on create the status becomes phase Pending with the
 * computed QoS class (plus the SchedulingGated condition for gated pods), and pods without a priority class get
 * priority 0 and preemptionPolicy PreemptLowerPriority as the Priority admission plugin gives them; the spec is
 * validated. Stateless and thread-safe.
 */
public final class PodStrategy implements Strategy {

    /** The priorities of the built-in priority classes. */
    private static final Map<String, Integer> SYSTEM_PRIORITIES =
            Map.of("system-node-critical", 2000001000, "system-cluster-critical", 2000000000);

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode spec = defaults(obj);
        if (spec == null) {
            return;
        }
        String priorityClass = Trees.str(spec, "priorityClassName");
        Integer priority = priorityClass.isEmpty() ? Integer.valueOf(0) : SYSTEM_PRIORITIES.get(priorityClass);
        if (priority != null) {
            Trees.defaultInt(spec, "priority", priority);
            Trees.defaultString(spec, "preemptionPolicy", "PreemptLowerPriority");
        }
        ObjectNode status = obj.putObject("status");
        status.put("phase", "Pending");
        if (Trees.size(spec, "schedulingGates") > 0) {
            ObjectNode gated = status.putArray("conditions").addObject();
            gated.put("type", "PodScheduled");
            gated.put("status", "False");
            gated.putNull("lastProbeTime");
            gated.putNull("lastTransitionTime");
            gated.put("reason", "SchedulingGated");
            gated.put("message", "Scheduling is blocked due to non-empty scheduling gates");
        }
        status.put("qosClass", PodQos.of(spec));
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        defaults(updated);
        Workloads.keepGeneration(updated, old);
    }

    @Override
    public List<Status.Cause> validate(ObjectNode obj) {
        return PodSpecValidation.validate(obj.get("spec"), "spec");
    }

    @Override
    public List<String> selectableFields() {
        return List.of("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
                "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName");
    }

    private static ObjectNode defaults(ObjectNode obj) {
        ObjectNode spec = Trees.object(obj, "spec");
        if (spec != null) {
            PodSpecDefaults.podOnly(spec);
            PodSpecDefaults.podSpec(spec);
        }
        return spec;
    }
}
