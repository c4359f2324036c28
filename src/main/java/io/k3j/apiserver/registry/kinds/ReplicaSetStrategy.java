package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Status;
import io.k3j.apiserver.registry.Strategy;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * ReplicaSets (apps/v1): replicas default to 1 and the pod template gets PodSpec defaults on every write; on create
 * the status is reset to upstream's zero status ({"replicas": 0}); validation follows ValidateReplicaSetSpec.
 * Stateless and thread-safe.
 */
public final class ReplicaSetStrategy implements Strategy {

    @Override
    public void prepareForCreate(ObjectNode obj) {
        defaults(obj);
        Workloads.created(obj, "replicas");
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        defaults(updated);
        Workloads.keepGeneration(updated, old);
        Causes.reject("apps", "ReplicaSet", old, UpdateRules.immutable(updated, old, "selector"));
    }

    private static void defaults(ObjectNode obj) {
        ObjectNode spec = Workloads.spec(obj);
        if (spec != null) {
            Trees.defaultInt(spec, "replicas", 1);
            Workloads.template(spec);
        }
    }

    @Override
    public List<Status.Cause> validate(ObjectNode obj) {
        List<Status.Cause> causes = new ArrayList<>();
        ObjectNode spec = Trees.objectOrNull(obj, "spec");
        if (spec == null) {
            causes.add(Causes.required("spec"));
            return causes;
        }
        Causes.nonNegative(causes, spec, "replicas", "spec.replicas");
        Causes.nonNegative(causes, spec, "minReadySeconds", "spec.minReadySeconds");
        // Upstream's message really says "deployment" for ReplicaSets too.
        Workloads.selector(spec, true, "deployment", causes);
        Workloads.alwaysRestartingTemplate(spec, "ReplicaSet", causes);
        return causes;
    }

    @Override
    public List<String> selectableFields() {
        return List.of("status.replicas");
    }
}
