package io.k3j.apiserver.admission;

import io.k3j.apiserver.registry.Admission;
import io.k3j.apiserver.registry.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's TaintNodesByCondition: a new Node gets the {@code node.kubernetes.io/not-ready}
 * NoSchedule taint (unless it already has it), so nothing is scheduled there before the node
 * lifecycle controller has seen it ready. Stateless.
 */
public final class TaintNodesByCondition implements AdmissionPlugin {

    static final String NOT_READY = "node.kubernetes.io/not-ready";

    @Override
    public String name() {
        return "TaintNodesByCondition";
    }

    @Override
    public boolean appliesTo(ResourceType type) {
        return type.group().isEmpty() && type.resource().equals("nodes");
    }

    @Override
    public void admit(Admission.Attributes a) {
        if (!a.isCreate()) {
            return;
        }
        ObjectNode spec = a.object().get("spec") instanceof ObjectNode s ? s : a.object().putObject("spec");
        ArrayNode taints = spec.get("taints") instanceof ArrayNode t ? t : spec.putArray("taints");
        for (JsonNode t : taints) {
            if (NOT_READY.equals(t.path("key").asString("")) && "NoSchedule".equals(t.path("effect").asString(""))) {
                return;
            }
        }
        taints.addObject().put("key", NOT_READY).put("effect", "NoSchedule");
    }
}
