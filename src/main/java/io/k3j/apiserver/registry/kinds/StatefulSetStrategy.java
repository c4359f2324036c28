package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Status;
import io.k3j.api.Validation;
import io.k3j.apiserver.registry.Strategy;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * StatefulSets (apps/v1): SetDefaults_StatefulSet (OrderedReady, RollingUpdate with partition 0, PVC retention
 * Retain/Retain, replicas 1, revisionHistoryLimit 10), pod template and volume claim template defaults on every
 * write; on create upstream's zero status ({"replicas": 0, "availableReplicas": 0}); validation follows
 * ValidateStatefulSetSpec. Stateless and thread-safe.
 */
public final class StatefulSetStrategy implements Strategy {

    @Override
    public void prepareForCreate(ObjectNode obj) {
        defaults(obj);
        Workloads.created(obj, "replicas", "availableReplicas");
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        defaults(updated);
        Workloads.keepGeneration(updated, old);
        Causes.reject("apps", "StatefulSet", old, UpdateRules.statefulSet(updated, old));
    }

    private static void defaults(ObjectNode obj) {
        ObjectNode spec = Workloads.spec(obj);
        if (spec == null) {
            return;
        }
        Trees.defaultString(spec, "podManagementPolicy", "OrderedReady");
        ObjectNode strategy = Trees.object(spec, "updateStrategy");
        if (strategy != null) {
            if (Trees.blank(strategy, "type")) {
                strategy.put("type", "RollingUpdate");
                Trees.defaultObject(strategy, "rollingUpdate");
            }
            ObjectNode rolling = Trees.objectOrNull(strategy, "rollingUpdate");
            if (Trees.str(strategy, "type").equals("RollingUpdate") && rolling != null) {
                Trees.defaultInt(rolling, "partition", 0);
            }
        }
        ObjectNode retention = Trees.object(spec, "persistentVolumeClaimRetentionPolicy");
        if (retention != null) {
            Trees.defaultString(retention, "whenDeleted", "Retain");
            Trees.defaultString(retention, "whenScaled", "Retain");
        }
        Trees.defaultInt(spec, "replicas", 1);
        Trees.defaultInt(spec, "revisionHistoryLimit", 10);
        Workloads.template(spec);
        for (ObjectNode claim : Trees.objects(spec, "volumeClaimTemplates")) {
            claim.put("apiVersion", "v1");
            claim.put("kind", "PersistentVolumeClaim");
            ObjectNode claimSpec = Trees.object(claim, "spec");
            if (claimSpec != null) {
                Trees.defaultString(claimSpec, "volumeMode", "Filesystem");
            }
            ObjectNode claimStatus = Trees.object(claim, "status");
            if (claimStatus != null) {
                Trees.defaultString(claimStatus, "phase", "Pending");
            }
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
        String policy = Trees.str(spec, "podManagementPolicy");
        if (policy.isEmpty()) {
            causes.add(Causes.required("spec.podManagementPolicy"));
        } else if (!policy.equals("OrderedReady") && !policy.equals("Parallel")) {
            causes.add(Causes.invalid("spec.podManagementPolicy", policy, "must be 'OrderedReady' or 'Parallel'"));
        }
        ObjectNode strategy = Trees.objectOrNull(spec, "updateStrategy");
        ObjectNode rolling = Trees.objectOrNull(strategy, "rollingUpdate");
        switch (Trees.str(strategy, "type")) {
            case "" -> causes.add(Causes.required("spec.updateStrategy"));
            case "OnDelete" -> {
                if (rolling != null) {
                    causes.add(Causes.invalid("spec.updateStrategy.rollingUpdate", rolling,
                            "only allowed for updateStrategy 'RollingUpdate'"));
                }
            }
            case "RollingUpdate" -> {
                if (rolling != null) {
                    Causes.nonNegative(causes, rolling, "partition", "spec.updateStrategy.rollingUpdate.partition");
                }
            }
            default -> causes.add(Causes.invalid("spec.updateStrategy", strategy,
                    "must be 'RollingUpdate' or 'OnDelete'"));
        }
        Causes.nonNegative(causes, spec, "revisionHistoryLimit", "spec.revisionHistoryLimit");
        ObjectNode retention = Trees.objectOrNull(spec, "persistentVolumeClaimRetentionPolicy");
        for (String when : new String[]{"whenDeleted", "whenScaled"}) {
            String v = Trees.str(retention, when);
            if (retention != null && !v.equals("Retain") && !v.equals("Delete")) {
                causes.add(Causes.notSupported("spec.persistentVolumeClaimRetentionPolicy." + when, v, "Retain",
                        "Delete"));
            }
        }
        Causes.nonNegative(causes, spec, "replicas", "spec.replicas");
        Causes.nonNegative(causes, spec, "minReadySeconds", "spec.minReadySeconds");
        String serviceName = Trees.str(spec, "serviceName");
        if (!serviceName.isEmpty()) {
            for (String err : Validation.dns1123Label(serviceName)) {
                causes.add(Causes.invalid("spec.serviceName", serviceName, err));
            }
        }
        Workloads.selector(spec, true, "statefulset", causes);
        Workloads.alwaysRestartingTemplate(withClaimVolumes(spec), "StatefulSet", causes);
        return causes;
    }

    /**
     * The spec as the pods will see it: each volume claim template is a volume of the template's name
     * (containers mount them without declaring them), so mounts of claim templates validate.
     */
    private static ObjectNode withClaimVolumes(ObjectNode spec) {
        List<ObjectNode> claims = Trees.objects(spec, "volumeClaimTemplates");
        ObjectNode template = Trees.objectOrNull(spec, "template");
        ObjectNode podSpec = Trees.objectOrNull(template, "spec");
        if (claims.isEmpty() || podSpec == null) {
            return spec;
        }
        ObjectNode copy = spec.deepCopy();
        ObjectNode copySpec = (ObjectNode) copy.get("template").get("spec");
        tools.jackson.databind.node.ArrayNode volumes = copySpec.get("volumes")
                instanceof tools.jackson.databind.node.ArrayNode a ? a : copySpec.putArray("volumes");
        java.util.Set<String> declared = new java.util.HashSet<>();
        volumes.forEach(v -> declared.add(v.path("name").asString("")));
        for (ObjectNode claim : claims) {
            String name = claim.path("metadata").path("name").asString("");
            if (!name.isEmpty() && declared.add(name)) {
                ObjectNode v = volumes.addObject();
                v.put("name", name);
                v.putObject("persistentVolumeClaim").put("claimName", name);
            }
        }
        return copy;
    }
}
