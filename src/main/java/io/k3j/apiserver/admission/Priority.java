package io.k3j.apiserver.admission;

import io.k3j.api.Meta;
import io.k3j.apiserver.registry.Admission;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's Priority plugin. A new pod's spec.priority and spec.preemptionPolicy come from its
 * priorityClassName, which must name an existing PriorityClass, or without one from the global
 * default class (the lowest-valued if several; its name is filled in), else priority 0 and
 * PreemptLowerPriority; values the client set must agree. Updates keep the stored values. A
 * PriorityClass may only be marked globalDefault when no other one is. Thread-safe.
 */
public final class Priority implements AdmissionPlugin {

    static final String PREEMPT_LOWER = "PreemptLowerPriority";

    private final GenericStore priorityClasses;

    public Priority(GenericStore priorityClasses) {
        this.priorityClasses = priorityClasses;
    }

    @Override
    public String name() {
        return "Priority";
    }

    @Override
    public boolean appliesTo(ResourceType type) {
        return type.group().isEmpty() && type.resource().equals("pods")
                || type.group().equals("scheduling.k8s.io") && type.resource().equals("priorityclasses");
    }

    @Override
    public void admit(Admission.Attributes a) {
        if (!a.isCore("pods") || !(a.object().get("spec") instanceof ObjectNode spec)) {
            return;
        }
        if (a.isUpdate()) {
            JsonNode old = a.oldObject().path("spec");
            for (String field : new String[]{"priority", "preemptionPolicy"}) {
                if ((!spec.has(field) || spec.get(field).isNull()) && old.has(field) && !old.get(field).isNull()) {
                    spec.set(field, old.get(field).deepCopy());
                }
            }
            return;
        }
        if (!a.isCreate()) {
            return;
        }
        String className = spec.path("priorityClassName").asString("");
        int priority = 0;
        String policy = null;
        if (className.isEmpty()) {
            ObjectNode def = globalDefault(null);
            if (def != null) {
                spec.put("priorityClassName", Meta.name(def));
                priority = def.path("value").asInt(0);
                policy = def.path("preemptionPolicy").asString(null);
            }
        } else {
            ObjectNode pc = Lookups.find(priorityClasses, null, className);
            if (pc == null) {
                throw AdmissionPlugin.forbidden(a, "no PriorityClass with name " + className + " was found");
            }
            priority = pc.path("value").asInt(0);
            policy = pc.path("preemptionPolicy").asString(null);
        }
        JsonNode given = spec.get("priority");
        if (given != null && !given.isNull() && given.asInt() != priority) {
            throw AdmissionPlugin.forbidden(a, "the integer value of priority (" + given.asInt() + ") must not be"
                    + " provided in pod spec; priority admission controller computed " + priority
                    + " from the given PriorityClass name");
        }
        spec.put("priority", priority);
        if (policy == null || policy.isEmpty()) {
            policy = PREEMPT_LOWER;
        }
        JsonNode givenPolicy = spec.get("preemptionPolicy");
        if (givenPolicy != null && givenPolicy.isString() && !givenPolicy.asString().equals(policy)) {
            throw AdmissionPlugin.forbidden(a, "the string value of PreemptionPolicy (" + givenPolicy.asString()
                    + ") must not be provided in pod spec; priority admission controller computed " + policy
                    + " from the given PriorityClass name");
        }
        spec.put("preemptionPolicy", policy);
    }

    @Override
    public void validate(Admission.Attributes a) {
        if (a.isCore("pods") || a.object() == null || !(a.isCreate() || a.isUpdate())) {
            return;
        }
        if (!a.object().path("globalDefault").asBoolean(false)) {
            return;
        }
        ObjectNode other = globalDefault(a.name());
        if (other != null) {
            throw AdmissionPlugin.forbidden(a, "PriorityClass " + Meta.name(other)
                    + " is already marked as default. Only one default can exist");
        }
    }

    /** The global default class (lowest value among several) other than {@code except}; null if none. */
    private ObjectNode globalDefault(String except) {
        ObjectNode best = null;
        for (ObjectNode pc : Lookups.list(priorityClasses, null)) {
            if (pc.path("globalDefault").asBoolean(false) && !Meta.name(pc).equals(except)
                    && (best == null || pc.path("value").asInt() < best.path("value").asInt())) {
                best = pc;
            }
        }
        return best;
    }
}
