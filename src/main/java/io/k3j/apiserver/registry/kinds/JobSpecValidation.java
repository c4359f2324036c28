package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Status;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's validateJobSpec (pkg/apis/batch/validation), shared by Jobs and CronJob job templates: counters,
 * completion mode, pod replacement policy, the pod template and its restart policy (OnFailure or Never).
 * Stateless and thread-safe.
 */
final class JobSpecValidation {

    private JobSpecValidation() {
    }

    /** Adds the problems of the JobSpec {@code spec} at field path {@code path} ("spec" or a job template's). */
    static void validate(ObjectNode spec, String path, List<Status.Cause> causes) {
        for (String f : new String[]{"parallelism", "completions", "activeDeadlineSeconds", "backoffLimit",
            "ttlSecondsAfterFinished", "backoffLimitPerIndex", "maxFailedIndexes"}) {
            Causes.nonNegative(causes, spec, f, path + "." + f);
        }
        if (!Trees.absent(spec, "maxFailedIndexes") && Trees.absent(spec, "backoffLimitPerIndex")) {
            causes.add(Causes.required(path + ".backoffLimitPerIndex", "when maxFailedIndexes is specified"));
        }
        String mode = Trees.text(spec, "completionMode");
        if (mode != null && !mode.equals("NonIndexed") && !mode.equals("Indexed")) {
            causes.add(Causes.notSupported(path + ".completionMode", mode, "NonIndexed", "Indexed"));
        }
        if ("Indexed".equals(mode)) {
            if (Trees.absent(spec, "completions")) {
                causes.add(Causes.required(path + ".completions", "when completion mode is Indexed"));
            }
            Long parallelism = Trees.integer(spec, "parallelism");
            if (parallelism != null && parallelism > 100000) {
                causes.add(Causes.invalid(path + ".parallelism", parallelism,
                        "must be less than or equal to 100000 when completion mode is Indexed"));
            }
        } else {
            for (String f : new String[]{"backoffLimitPerIndex", "maxFailedIndexes"}) {
                if (!Trees.absent(spec, f)) {
                    causes.add(Causes.invalid(path + "." + f, spec.get(f), "requires indexed completion mode"));
                }
            }
        }
        boolean failurePolicy = !Trees.absent(spec, "podFailurePolicy");
        String replacement = Trees.text(spec, "podReplacementPolicy");
        if (replacement != null && failurePolicy && !replacement.equals("Failed")) {
            causes.add(Causes.notSupported(path + ".podReplacementPolicy", replacement, "Failed"));
        } else if (replacement != null && !replacement.equals("Failed") && !replacement.equals("TerminatingOrFailed")) {
            causes.add(Causes.notSupported(path + ".podReplacementPolicy", replacement, "Failed",
                    "TerminatingOrFailed"));
        }
        JsonNode template = spec.get("template");
        causes.addAll(PodSpecValidation.template(template, path + ".template"));
        String restart = Trees.str(template == null ? null : template.get("spec"), "restartPolicy");
        String restartPath = path + ".template.spec.restartPolicy";
        if (restart.isEmpty() || restart.equals("Always")) {
            causes.add(Causes.required(restartPath, "valid values: \"OnFailure\", \"Never\""));
        } else if (!restart.equals("OnFailure") && !restart.equals("Never")) {
            causes.add(Causes.notSupported(restartPath, restart, "OnFailure", "Never"));
        } else if (failurePolicy && !restart.equals("Never")) {
            causes.add(Causes.invalid(restartPath, restart,
                    "only \"Never\" is supported when podFailurePolicy is specified"));
        }
    }
}
