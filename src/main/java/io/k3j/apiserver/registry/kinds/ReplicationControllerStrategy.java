package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.apiserver.registry.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * ReplicationControllers (core/v1): SetDefaults_ReplicationController (selector and object labels default to the
 * template's labels, replicas 1) and pod template defaults on every write; on create the zero status
 * ({"replicas": 0}); validation follows ValidateReplicationControllerSpec (map selector). Stateless and
 * thread-safe.
 */
public final class ReplicationControllerStrategy implements Strategy {

    @Override
    public void prepareForCreate(ObjectNode obj) {
        defaults(obj);
        Workloads.created(obj, "replicas");
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        defaults(updated);
        Workloads.keepGeneration(updated, old);
    }

    private static void defaults(ObjectNode obj) {
        ObjectNode spec = Workloads.spec(obj);
        if (spec == null) {
            return;
        }
        ObjectNode template = Trees.objectOrNull(spec, "template");
        JsonNode labels = template == null ? null : template.path("metadata").get("labels");
        if (labels != null && labels.isObject()) {
            JsonNode selector = spec.get("selector");
            if (selector == null || selector.isNull() || selector.isObject() && selector.isEmpty()) {
                spec.set("selector", labels.deepCopy());
            }
            JsonNode own = Meta.metadata(obj).get("labels");
            if (own == null || own.isNull() || own.isObject() && own.isEmpty()) {
                Meta.metadata(obj).set("labels", labels.deepCopy());
            }
        }
        Trees.defaultInt(spec, "replicas", 1);
        if (template != null) {
            PodSpecDefaults.template(template);
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
        Causes.nonNegative(causes, spec, "minReadySeconds", "spec.minReadySeconds");
        Map<String, String> selector = Trees.stringMap(spec, "selector");
        if (selector == null || selector.isEmpty()) {
            causes.add(Causes.required("spec.selector"));
        }
        Causes.nonNegative(causes, spec, "replicas", "spec.replicas");
        ObjectNode template = Trees.objectOrNull(spec, "template");
        if (template == null) {
            causes.add(Causes.required("spec.template"));
            return causes;
        }
        if (selector != null && !selector.isEmpty()) {
            Map<String, String> labels = Trees.stringMap(template.path("metadata"), "labels");
            boolean matches = labels != null && labels.entrySet().containsAll(selector.entrySet());
            if (!matches) {
                causes.add(Causes.invalid("spec.template.metadata.labels", labels, Workloads.MISMATCH));
            }
        }
        Workloads.alwaysRestartingTemplate(spec, "ReplicationController", causes);
        return causes;
    }

    @Override
    public List<String> selectableFields() {
        return List.of("status.replicas");
    }
}
