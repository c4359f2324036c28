package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Status;
import io.k3j.apiserver.registry.Strategy;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.databind.node.StringNode;

/**
 * Deployments (apps/v1): SetDefaults_Deployment (replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10,
 * progressDeadlineSeconds 600) and pod template defaults on every write, an empty status on create, and
 * upstream's ValidateDeploymentSpec checks. Stateless and thread-safe.
 */
public final class DeploymentStrategy implements Strategy {

    @Override
    public void prepareForCreate(ObjectNode obj) {
        defaults(obj);
        Workloads.created(obj);
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        defaults(updated);
        Workloads.keepGeneration(updated, old);
        Causes.reject("apps", "Deployment", old, UpdateRules.immutable(updated, old, "selector"));
    }

    private static void defaults(ObjectNode obj) {
        ObjectNode spec = Workloads.spec(obj);
        if (spec == null) {
            return;
        }
        Trees.defaultInt(spec, "replicas", 1);
        Workloads.rollingUpdate(spec, "strategy", StringNode.valueOf("25%"), StringNode.valueOf("25%"));
        Trees.defaultInt(spec, "revisionHistoryLimit", 10);
        Trees.defaultInt(spec, "progressDeadlineSeconds", 600);
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
        Causes.nonNegative(causes, spec, "replicas", "spec.replicas");
        Workloads.selector(spec, true, "deployment", causes);
        Workloads.alwaysRestartingTemplate(spec, "Deployment", causes);
        strategy(Trees.objectOrNull(spec, "strategy"), causes);
        Causes.nonNegative(causes, spec, "minReadySeconds", "spec.minReadySeconds");
        Causes.nonNegative(causes, spec, "revisionHistoryLimit", "spec.revisionHistoryLimit");
        JsonNode deadline = spec.get("progressDeadlineSeconds");
        if (deadline != null && deadline.isIntegralNumber()) {
            Causes.nonNegative(causes, spec, "progressDeadlineSeconds", "spec.progressDeadlineSeconds");
            Long minReady = Trees.integer(spec, "minReadySeconds");
            if (deadline.asLong() <= (minReady == null ? 0 : minReady)) {
                causes.add(Causes.invalid("spec.progressDeadlineSeconds", deadline,
                        "must be greater than minReadySeconds"));
            }
        }
        return causes;
    }

    /** Upstream ValidateDeploymentStrategy and ValidateRollingUpdateDeployment. */
    private static void strategy(ObjectNode strategy, List<Status.Cause> causes) {
        String type = Trees.str(strategy, "type");
        ObjectNode rolling = Trees.objectOrNull(strategy, "rollingUpdate");
        switch (type) {
            case "Recreate" -> {
                if (rolling != null) {
                    causes.add(Causes.forbidden("spec.strategy.rollingUpdate",
                            "may not be specified when strategy `type` is 'Recreate'"));
                }
            }
            case "RollingUpdate" -> {
                if (rolling == null) {
                    causes.add(Causes.required("spec.strategy.rollingUpdate",
                            "this should be defaulted and never be nil"));
                    return;
                }
                String path = "spec.strategy.rollingUpdate.";
                Workloads.intOrPercent(rolling, "maxUnavailable", path + "maxUnavailable", causes);
                Workloads.intOrPercent(rolling, "maxSurge", path + "maxSurge", causes);
                JsonNode maxUnavailable = rolling.get("maxUnavailable");
                long unavailable = Workloads.intOrPercentValue(rolling, "maxUnavailable");
                if (maxUnavailable != null && maxUnavailable.isString() && unavailable > 100) {
                    causes.add(Causes.invalid(path + "maxUnavailable", maxUnavailable,
                            "must not be greater than 100%"));
                }
                if (unavailable == 0 && Workloads.intOrPercentValue(rolling, "maxSurge") == 0) {
                    causes.add(Causes.invalid(path + "maxUnavailable", maxUnavailable,
                            "may not be 0 when `maxSurge` is 0"));
                }
            }
            default -> causes.add(Causes.notSupported("spec.strategy", strategy, "Recreate", "RollingUpdate"));
        }
    }
}
