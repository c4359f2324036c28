package io.k3j.apiserver.registry.kinds;

import io.k3j.api.LabelSelector;
import io.k3j.api.Meta;
import io.k3j.api.SelectorException;
import io.k3j.api.Status;
import io.k3j.api.Validation;
import io.k3j.apiserver.registry.Strategy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Jobs (batch/v1): SetDefaults_Job and pod template defaults on every write; on create, unless manualSelector is
 * true, the generated selector (batch.kubernetes.io/controller-uid = metadata.uid) and the job-name and
 * controller-uid template labels, then an empty status; validation follows ValidateJob, including the check that
 * a generated selector was not tampered with. Stateless and thread-safe.
 */
public final class JobStrategy implements Strategy {

    static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    static final String JOB_NAME = "batch.kubernetes.io/job-name";
    static final String LEGACY_CONTROLLER_UID = "controller-uid";
    static final String LEGACY_JOB_NAME = "job-name";

    @Override
    public void prepareForCreate(ObjectNode obj) {
        ObjectNode spec = defaults(obj);
        if (spec == null) {
            return;
        }
        boolean manual = spec.path("manualSelector").asBoolean(false);
        ObjectNode template = Trees.objectOrNull(spec, "template");
        ObjectNode metadata = manual || template == null ? null : Trees.object(template, "metadata");
        ObjectNode labels = metadata == null ? null : Trees.object(metadata, "labels");
        if (labels != null) {
            String name = Meta.name(obj) == null ? "" : Meta.name(obj);
            String uid = Meta.uid(obj) == null ? "" : Meta.uid(obj);
            for (String key : new String[]{LEGACY_JOB_NAME, JOB_NAME}) {
                if (!labels.has(key)) {
                    labels.put(key, name);
                }
            }
            for (String key : new String[]{LEGACY_CONTROLLER_UID, CONTROLLER_UID}) {
                if (!labels.has(key)) {
                    labels.put(key, uid);
                }
            }
            ObjectNode selector = Trees.object(spec, "selector");
            ObjectNode matchLabels = selector == null ? null : Trees.object(selector, "matchLabels");
            if (matchLabels != null && !matchLabels.has(CONTROLLER_UID)) {
                matchLabels.put(CONTROLLER_UID, uid);
            }
            copyTemplateLabels(obj, template);
        }
        Workloads.created(obj);
    }

    @Override
    public void prepareForUpdate(ObjectNode updated, ObjectNode old) {
        defaults(updated);
        Workloads.keepGeneration(updated, old);
        Causes.reject("batch", "Job", old, UpdateRules.job(updated, old));
    }

    /** SetDefaults_Job; returns the spec. */
    private static ObjectNode defaults(ObjectNode obj) {
        ObjectNode spec = Workloads.spec(obj);
        if (spec == null) {
            return null;
        }
        if (Trees.absent(spec, "completions") && Trees.absent(spec, "parallelism")) {
            spec.put("completions", 1);
        }
        Trees.defaultInt(spec, "parallelism", 1);
        Trees.defaultInt(spec, "backoffLimit", Trees.absent(spec, "backoffLimitPerIndex") ? 6 : Integer.MAX_VALUE);
        ObjectNode template = Trees.object(spec, "template");
        if (template != null) {
            copyTemplateLabels(obj, template);
        }
        Trees.defaultString(spec, "completionMode", "NonIndexed");
        Trees.defaultBool(spec, "suspend", false);
        ObjectNode failurePolicy = Trees.objectOrNull(spec, "podFailurePolicy");
        for (ObjectNode rule : Trees.objects(failurePolicy, "rules")) {
            for (ObjectNode pattern : Trees.objects(rule, "onPodConditions")) {
                Trees.defaultString(pattern, "status", "True");
            }
        }
        Trees.defaultString(spec, "podReplacementPolicy", failurePolicy != null ? "Failed" : "TerminatingOrFailed");
        Trees.defaultBool(spec, "manualSelector", false);
        Workloads.template(spec);
        return spec;
    }

    /** The job's labels default to its template's when it has none. */
    private static void copyTemplateLabels(ObjectNode obj, ObjectNode template) {
        JsonNode labels = template.path("metadata").get("labels");
        JsonNode own = Meta.metadata(obj).get("labels");
        if (labels != null && labels.isObject() && (own == null || own.isNull() || own.isObject() && own.isEmpty())) {
            Meta.metadata(obj).set("labels", labels.deepCopy());
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
        generatedSelector(obj, spec, causes);
        JobSpecValidation.validate(spec, "spec", causes);
        JsonNode selector = spec.get("selector");
        if (selector == null || selector.isNull()) {
            causes.add(Causes.required("spec.selector"));
        }
        try {
            Workloads.matchTemplate(LabelSelector.fromJson(selector), spec, causes);
        } catch (SelectorException e) {
            causes.add(Causes.invalid("spec.selector", selector, e.getMessage()));
        }
        Long completions = Trees.integer(spec, "completions");
        String name = Meta.name(obj);
        if ("Indexed".equals(Trees.text(spec, "completionMode")) && completions != null && completions > 0
                && name != null) {
            String hostname = name + "-" + (completions - 1);
            if (!Validation.dns1123Label(hostname).isEmpty()) {
                causes.add(Causes.invalid("metadata.name", name,
                        "will not able to create pod with invalid DNS label: " + hostname));
            }
        }
        return causes;
    }

    /** Upstream validateGeneratedSelector: the template carries the generated labels and the selector uses them. */
    private static void generatedSelector(ObjectNode obj, ObjectNode spec, List<Status.Cause> causes) {
        JsonNode manual = spec.get("manualSelector");
        JsonNode selector = spec.get("selector");
        if (manual != null && manual.asBoolean(false) || selector == null || selector.isNull()) {
            return;
        }
        String uid = Meta.uid(obj) == null ? "" : Meta.uid(obj);
        String name = Meta.name(obj) == null ? "" : Meta.name(obj);
        if (uid.isEmpty()) {
            causes.add(Causes.required("metadata.uid"));
        }
        Map<String, String> labels = Trees.stringMap(spec.path("template").path("metadata"), "labels");
        Map<String, String> expected = new LinkedHashMap<>();
        for (String[] e : new String[][]{{LEGACY_CONTROLLER_UID, uid}, {LEGACY_JOB_NAME, name},
            {CONTROLLER_UID, uid}, {JOB_NAME, name}}) {
            String actual = labels == null ? null : labels.get(e[0]);
            String field = "spec.template.metadata.labels[" + e[0] + "]";
            if (actual == null) {
                causes.add(Causes.required(field, e[1]));
            } else if (!actual.equals(e[1])) {
                causes.add(Causes.invalid(field, actual, "must be '" + e[1] + "'"));
            }
            expected.put(e[0], e[1]);
        }
        try {
            if (!LabelSelector.fromJson(selector).matches(expected)) {
                causes.add(Causes.invalid("spec.selector", selector, "`selector` not auto-generated"));
            }
        } catch (SelectorException e) {
            // reported by the selector check
        }
    }

    @Override
    public List<String> selectableFields() {
        return List.of("status.successful");
    }
}
