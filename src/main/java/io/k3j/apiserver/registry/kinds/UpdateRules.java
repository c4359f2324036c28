package io.k3j.apiserver.registry.kinds;

import io.k3j.api.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's update-only rules for the controller kinds (ValidateDeploymentUpdate, ValidateStatefulSetUpdate,
 * ValidateJobSpecUpdate and friends): immutable selectors, the fields a StatefulSet may change, a Job's fixed
 * template. Applied from prepareForUpdate, which ends the request with 422 Invalid, because validate() does not
 * see the old object. Stateless and thread-safe.
 */
final class UpdateRules {

    private static final List<String> STATEFULSET_MUTABLE = List.of("replicas", "ordinals", "template",
            "updateStrategy", "revisionHistoryLimit", "persistentVolumeClaimRetentionPolicy", "minReadySeconds");

    private UpdateRules() {
    }

    /** "field is immutable" for each named spec member that differs from the old object's. */
    static List<Status.Cause> immutable(ObjectNode updated, ObjectNode old, String... specFields) {
        List<Status.Cause> causes = new ArrayList<>();
        for (String f : specFields) {
            JsonNode now = updated.path("spec").get(f);
            if (!Objects.equals(old.path("spec").get(f), now)) {
                causes.add(Causes.invalid("spec." + f, now, "field is immutable"));
            }
        }
        return causes;
    }

    /** A StatefulSet update may change only replicas, ordinals, template, updateStrategy and a few limits. */
    static List<Status.Cause> statefulSet(ObjectNode updated, ObjectNode old) {
        if (!Objects.equals(withoutMutable(old), withoutMutable(updated))) {
            return List.of(Causes.forbidden("spec", "updates to statefulset spec for fields other than 'replicas',"
                    + " 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit',"
                    + " 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
        }
        return List.of();
    }

    private static JsonNode withoutMutable(ObjectNode obj) {
        JsonNode spec = obj.get("spec");
        if (!(spec instanceof ObjectNode s)) {
            return spec;
        }
        ObjectNode copy = s.deepCopy();
        copy.remove(STATEFULSET_MUTABLE);
        return copy;
    }

    /**
     * A Job's selector, completion mode and failure policies never change; its completions and template only
     * while it is suspended and has not started (a simplification of upstream's per-field allowances).
     */
    static List<Status.Cause> job(ObjectNode updated, ObjectNode old) {
        List<Status.Cause> causes = immutable(updated, old, "selector", "completionMode", "podFailurePolicy",
                "backoffLimitPerIndex", "managedBy", "successPolicy");
        boolean suspendedNeverStarted = old.path("spec").path("suspend").asBoolean(false)
                && Trees.absent(old.path("status"), "startTime");
        if (!suspendedNeverStarted) {
            causes.addAll(immutable(updated, old, "completions", "template"));
        }
        return causes;
    }
}
