package io.k3j.scheduler.framework;

import io.k3j.api.LabelSelector;
import io.k3j.api.SelectorException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A pod topology spread constraint: maxSkew over the domains of topologyKey, counting the pods of
 * the same namespace that the selector matches; {@code hard} for whenUnsatisfiable DoNotSchedule.
 * matchLabelKeys add the pod's own values of those labels to the selector.
 * nodeAffinityPolicy Honor (the default) counts only nodes the pod's node selector/affinity
 * allows; nodeTaintsPolicy Honor counts only nodes whose taints the pod tolerates. Immutable.
 */
public record SpreadConstraint(int maxSkew, String topologyKey, boolean hard, LabelSelector selector, int minDomains,
                               boolean honorAffinity, boolean honorTaints) {

    static List<SpreadConstraint> listOf(JsonNode constraints, java.util.Map<String, String> podLabels) {
        if (!constraints.isArray() || constraints.isEmpty()) {
            return List.of();
        }
        List<SpreadConstraint> out = new ArrayList<>();
        for (JsonNode c : constraints) {
            LabelSelector selector;
            try {
                selector = c.path("labelSelector").isObject() ? LabelSelector.fromJson(c.path("labelSelector"))
                        : LabelSelector.nothing();
            } catch (SelectorException e) {
                selector = LabelSelector.nothing();
            }
            selector = withMatchLabelKeys(selector, c.path("matchLabelKeys"), podLabels);
            out.add(new SpreadConstraint(Math.max(1, c.path("maxSkew").asInt(1)), c.path("topologyKey").asString(""),
                    !c.path("whenUnsatisfiable").asString("DoNotSchedule").equals("ScheduleAnyway"), selector,
                    c.path("minDomains").asInt(1), !c.path("nodeAffinityPolicy").asString("Honor").equals("Ignore"),
                    c.path("nodeTaintsPolicy").asString("Ignore").equals("Honor")));
        }
        return List.copyOf(out);
    }

    /** matchLabelKeys: the pod's own values of those labels narrow the selector (keys it lacks are ignored). */
    private static LabelSelector withMatchLabelKeys(LabelSelector selector, JsonNode keys,
                                                    java.util.Map<String, String> podLabels) {
        if (!keys.isArray() || keys.isEmpty() || selector.equals(LabelSelector.nothing())) {
            return selector;
        }
        List<LabelSelector.Requirement> reqs = new ArrayList<>(selector.requirements());
        for (JsonNode k : keys) {
            String value = podLabels.get(k.asString(""));
            if (value != null) {
                reqs.add(new LabelSelector.Requirement(k.asString(""), LabelSelector.Operator.IN, List.of(value)));
            }
        }
        return LabelSelector.of(reqs);
    }
}
