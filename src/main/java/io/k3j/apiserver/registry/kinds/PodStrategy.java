package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Status;
import io.k3j.apiserver.registry.Strategy;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * Pods (core/v1): upstream's PodSpec defaults on every write; on create the status becomes phase Pending with the
 * computed QoS class (plus the SchedulingGated condition for gated pods); the spec is validated. Priority, service
 * account and LimitRange defaults come from admission. Stateless and thread-safe.
 */
public final class PodStrategy implements Strategy {

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode spec = defaults(obj);
        if (spec == null) {
            return;
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
