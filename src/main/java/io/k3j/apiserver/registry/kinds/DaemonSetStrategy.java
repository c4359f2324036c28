package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Meta;
import io.k3j.api.Status;
import io.k3j.apiserver.registry.Strategy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.IntNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * DaemonSets (apps/v1): SetDefaults_DaemonSet (RollingUpdate with maxUnavailable 1 and maxSurge 0,
 * revisionHistoryLimit 10) and pod template defaults on every write; on create the zero status and template
 * generation 1 (the "deprecated.daemonset.template.generation" annotation, bumped when the template changes);
 * validation follows ValidateDaemonSetSpec. Stateless and thread-safe.
 */
public final class DaemonSetStrategy implements Strategy {

    static final String TEMPLATE_GENERATION = "deprecated.daemonset.template.generation";

    @Override
    public void prepareForCreate(ObjectNode obj) {
        defaults(obj);
        Workloads.created(obj, "currentNumberScheduled", "numberMisscheduled", "desiredNumberScheduled",
                "numberReady");
        ObjectNode annotations = Trees.object(Meta.metadata(obj), "annotations");
        if (annotations != null) {
            annotations.put(TEMPLATE_GENERATION, Long.toString(Math.max(templateGeneration(obj), 1)));
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        defaults(updated);
        Workloads.keepGeneration(updated, old);
        Causes.reject("apps", "DaemonSet", old, UpdateRules.immutable(updated, old, "selector"));
        long generation = templateGeneration(old);
        if (!Objects.equals(old.path("spec").get("template"), updated.path("spec").get("template"))) {
            generation++;
        }
        ObjectNode annotations = generation > 0 ? Trees.object(Meta.metadata(updated), "annotations") : null;
        if (annotations != null) {
            annotations.put(TEMPLATE_GENERATION, Long.toString(generation));
        }
    }

    private static long templateGeneration(ObjectNode obj) {
        String value = Meta.stringMap(obj, "annotations").get(TEMPLATE_GENERATION);
        try {
            return value == null ? 0 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void defaults(ObjectNode obj) {
        ObjectNode spec = Workloads.spec(obj);
        if (spec == null) {
            return;
        }
        Workloads.rollingUpdate(spec, "updateStrategy", IntNode.valueOf(1), IntNode.valueOf(0));
        Trees.defaultInt(spec, "revisionHistoryLimit", 10);
        Workloads.template(spec);
    }

    @Override
    public List<Status.Cause> validate(ObjectNode obj) {
        List<Status.Cause> causes = new ArrayList<>();
        ObjectNode spec = Trees.objectOrNull(obj, "spec");
        if (spec == null) {
            causes.add(Causes.required("spec"));
            return causes;
        }
        Workloads.selector(spec, true, "daemonset", causes);
        Workloads.alwaysRestartingTemplate(spec, "DaemonSet", causes);
        Causes.nonNegative(causes, spec, "minReadySeconds", "spec.minReadySeconds");
        Causes.nonNegative(causes, spec, "revisionHistoryLimit", "spec.revisionHistoryLimit");
        ObjectNode strategy = Trees.objectOrNull(spec, "updateStrategy");
        String type = Trees.str(strategy, "type");
        switch (type) {
            case "OnDelete" -> {
            }
            case "RollingUpdate" -> {
                ObjectNode rolling = Trees.objectOrNull(strategy, "rollingUpdate");
                if (rolling == null) {
                    causes.add(Causes.required("spec.updateStrategy.rollingUpdate"));
                    break;
                }
                String path = "spec.updateStrategy.rollingUpdate.";
                Workloads.intOrPercent(rolling, "maxUnavailable", path + "maxUnavailable", causes);
                Workloads.intOrPercent(rolling, "maxSurge", path + "maxSurge", causes);
                for (String f : new String[]{"maxUnavailable", "maxSurge"}) {
                    JsonNode v = rolling.get(f);
                    if (v != null && v.isString() && Workloads.intOrPercentValue(rolling, f) > 100) {
                        causes.add(Causes.invalid(path + f, v, "must not be greater than 100%"));
                    }
                }
                boolean unavailable = Workloads.intOrPercentValue(rolling, "maxUnavailable") != 0;
                boolean surge = Workloads.intOrPercentValue(rolling, "maxSurge") != 0;
                if (unavailable && surge) {
                    causes.add(Causes.invalid(path + "maxSurge", rolling.get("maxSurge"),
                            "may not be set when maxUnavailable is non-zero"));
                } else if (!unavailable && !surge) {
                    causes.add(Causes.invalid(path + "maxUnavailable", rolling.get("maxUnavailable"),
                            "cannot be 0 when maxSurge is 0"));
                }
            }
            default -> causes.add(Causes.notSupported("spec.updateStrategy", strategy, "RollingUpdate", "OnDelete"));
        }
        return causes;
    }
}
