package io.k3j.apiserver.registry.kinds;

import io.k3j.api.LabelSelector;
import io.k3j.api.Meta;
import io.k3j.api.SelectorException;
import io.k3j.api.Status;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the controller kinds (Deployment, ReplicaSet, StatefulSet, DaemonSet, ReplicationController, Job) share:
 * the spec and pod template defaults, status reset, generation bookkeeping and the selector/template checks of
 * upstream's apps and batch validation. Stateless and thread-safe.
 */
final class Workloads {

    static final String MISMATCH = "`selector` does not match template `labels`";

    private Workloads() {
    }

    /** The object's spec, created when missing (null only when "spec" is not an object). */
    static ObjectNode spec(ObjectNode obj) {
        return Trees.object(obj, "spec");
    }

    /** Defaults {@code spec.template} (created when missing, as Go always defaults the embedded template). */
    /**
     * Defaults an update strategy object {@code field} of {@code spec}: type RollingUpdate, and
     * for that type the rollingUpdate limits when absent (upstream's Deployment and DaemonSet rules).
     */
    static void rollingUpdate(ObjectNode spec, String field, JsonNode maxUnavailable, JsonNode maxSurge) {
        ObjectNode strategy = Trees.object(spec, field);
        if (strategy == null) {
            return;
        }
        Trees.defaultString(strategy, "type", "RollingUpdate");
        if (!Trees.str(strategy, "type").equals("RollingUpdate")) {
            return;
        }
        ObjectNode rolling = Trees.object(strategy, "rollingUpdate");
        if (rolling != null) {
            if (Trees.absent(rolling, "maxUnavailable")) {
                rolling.set("maxUnavailable", maxUnavailable);
            }
            if (Trees.absent(rolling, "maxSurge")) {
                rolling.set("maxSurge", maxSurge);
            }
        }
    }

    static void template(ObjectNode spec) {
        if (spec != null) {
            ObjectNode template = Trees.object(spec, "template");
            if (template != null) {
                PodSpecDefaults.template(template);
            }
        }
    }

    /**
     * Upstream's PrepareForCreate for controllers: generation 1 and the zero status (its required counters as 0,
     * as Go serializes them).
     */
    static void created(ObjectNode obj, String... zeroFields) {
        Meta.metadata(obj).put("generation", 1);
        ObjectNode status = obj.putObject("status");
        for (String f : zeroFields) {
            status.put(f, 0);
        }
    }

    /**
     * Recomputes metadata.generation after defaulting: the generic store compares specs before defaults are
     * applied, so an update that only omits defaulted fields must not count as a spec change.
     */
    static void keepGeneration(ObjectNode updated, ObjectNode old) {
        JsonNode oldGeneration = old.path("metadata").get("generation");
        if (oldGeneration != null && oldGeneration.isIntegralNumber() && updated.has("spec")) {
            boolean changed = !Objects.equals(old.get("spec"), updated.get("spec"));
            long generation = oldGeneration.asLong() + (changed ? 1 : 0);
            // an int node when it fits, so that the tree equals the stored (re-parsed) one on no-op writes
            if (generation == (int) generation) {
                Meta.metadata(updated).put("generation", (int) generation);
            } else {
                Meta.metadata(updated).put("generation", generation);
            }
        }
    }

    /**
     * Upstream's selector checks for apps kinds: selector required (when {@code required}), not empty (when
     * {@code emptyWhat} names the kind in "empty selector is invalid for …"), and matching the template labels.
     */
    static void selector(ObjectNode spec, boolean required, String emptyWhat, List<Status.Cause> causes) {
        JsonNode selector = spec.get("selector");
        boolean missing = selector == null || selector.isNull();
        if (missing && required) {
            causes.add(Causes.required("spec.selector"));
        } else if (!missing && emptyWhat != null && selector.isObject()
                && selector.path("matchLabels").size() + selector.path("matchExpressions").size() == 0) {
            causes.add(Causes.invalid("spec.selector", selector, "empty selector is invalid for " + emptyWhat));
        }
        LabelSelector parsed;
        try {
            parsed = LabelSelector.fromJson(selector);
        } catch (SelectorException e) {
            causes.add(Causes.invalid("spec.selector", selector, e.getMessage()));
            return;
        }
        matchTemplate(parsed, spec, causes);
    }

    /** The "`selector` does not match template `labels`" check (skipped for a selector matching everything). */
    static void matchTemplate(LabelSelector selector, ObjectNode spec, List<Status.Cause> causes) {
        JsonNode metadata = spec.path("template").path("metadata");
        Map<String, String> labels = Trees.stringMap(metadata, "labels");
        if (!selector.isEmpty() && !selector.matches(labels == null ? Map.of() : labels)) {
            causes.add(Causes.invalid("spec.template.metadata.labels", labels, MISMATCH));
        }
    }

    /** Template validation plus the controller rules: restartPolicy Always, no activeDeadlineSeconds. */
    static void alwaysRestartingTemplate(ObjectNode spec, String kind, List<Status.Cause> causes) {
        JsonNode template = spec.get("template");
        causes.addAll(PodSpecValidation.template(template, "spec.template"));
        JsonNode podSpec = template == null ? null : template.get("spec");
        String restart = Trees.str(podSpec, "restartPolicy");
        if (!restart.equals("Always")) {
            causes.add(Causes.notSupported("spec.template.spec.restartPolicy", restart, "Always"));
        }
        if (!Trees.absent(podSpec, "activeDeadlineSeconds")) {
            causes.add(Causes.forbidden("spec.template.spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in " + kind + " is not Supported"));
        }
    }

    /** Upstream ValidatePositiveIntOrPercent for an int-or-string member ("25%" or 1). */
    static void intOrPercent(ObjectNode node, String member, String field, List<Status.Cause> causes) {
        JsonNode v = node.get(member);
        if (v == null || v.isNull()) {
            return;
        }
        if (v.isString()) {
            if (!v.stringValue().matches("[0-9]+%")) {
                causes.add(Causes.invalid(field, v, "a valid percent string must be a numeric string followed by"
                        + " an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')"));
            }
        } else if (v.isIntegralNumber()) {
            Causes.nonNegative(causes, node, member, field);
        } else {
            causes.add(Causes.invalid(field, v, "must be an integer or percentage (e.g '5%')"));
        }
    }

    /** An int-or-percent member as an integer or a percentage number; 0 when absent or invalid, as upstream. */
    static long intOrPercentValue(JsonNode node, String member) {
        JsonNode v = node == null ? null : node.get(member);
        if (v != null && v.isIntegralNumber()) {
            return v.asLong();
        } else if (v != null && v.isString() && v.stringValue().matches("[0-9]{1,9}%")) {
            return Long.parseLong(v.stringValue().substring(0, v.stringValue().length() - 1));
        }
        return 0;
    }
}
