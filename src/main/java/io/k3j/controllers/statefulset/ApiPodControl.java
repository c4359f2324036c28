package io.k3j.controllers.statefulset;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.Meta;
import io.k3j.client.ApiClient;
import io.k3j.client.DeleteOptions;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.client.Resource;
import io.k3j.controllers.EventRecorder;
import io.k3j.controllers.Pods;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link PodControl} over the API with upstream's events (SuccessfulCreate "create Pod web-0 in
 * StatefulSet web successful", SuccessfulDelete, FailedCreate, ...). Already existing pods and claims
 * and already deleted pods are not errors. Thread-safe.
 */
final class ApiPodControl implements PodControl {

    static final Resource PODS = Resource.core("pods");
    static final Resource CLAIMS = Resource.core("persistentvolumeclaims");

    private final ApiClient client;
    private final EventRecorder.Recorder events;

    ApiPodControl(ApiClient client, EventRecorder.Recorder events) {
        this.client = client;
        this.events = events;
    }

    @Override
    public void createPod(ObjectNode set, ObjectNode pod) {
        int ordinal = StatefulPods.ordinal(Meta.name(set), Meta.name(pod));
        for (ObjectNode claim : StatefulPods.claims(set, ordinal)) {
            try {
                client.create(CLAIMS, Meta.namespace(set), claim);
                event(set, "SuccessfulCreate", "create Claim " + Meta.name(claim) + " Pod " + Meta.name(pod)
                        + " in StatefulSet " + Meta.name(set) + " success");
            } catch (ApiException e) {
                if (e.status().code() == 409) {
                    ObjectNode existing = client.get(CLAIMS, Meta.namespace(set), Meta.name(claim));
                    if (Meta.isDeleting(existing)) {
                        throw new IllegalStateException("pvc " + Meta.name(claim) + " is being deleted");
                    }
                    continue;
                }
                warn(set, "FailedCreate", "create Claim " + Meta.name(claim) + " for Pod " + Meta.name(pod)
                        + " in StatefulSet " + Meta.name(set) + " failed error: " + e.getMessage());
                throw e;
            }
        }
        try {
            client.create(PODS, Meta.namespace(set), pod);
            event(set, "SuccessfulCreate", "create Pod " + Meta.name(pod) + " in StatefulSet " + Meta.name(set)
                    + " successful");
        } catch (ApiException e) {
            if (e.status().code() == 409) {
                return;
            }
            warn(set, "FailedCreate", "create Pod " + Meta.name(pod) + " in StatefulSet " + Meta.name(set)
                    + " failed error: " + e.getMessage());
            throw e;
        }
    }

    @Override
    public void deletePod(ObjectNode set, ObjectNode pod, boolean condemned) {
        if (condemned && set.path("spec").path("persistentVolumeClaimRetentionPolicy").path("whenScaled")
                .asString("Retain").equals("Delete")) {
            ownClaimsByPod(set, pod);
        }
        try {
            client.delete(PODS, Meta.namespace(pod), Meta.name(pod),
                    DeleteOptions.defaults().withPreconditions(Meta.uid(pod), null));
            event(set, "SuccessfulDelete", "delete Pod " + Meta.name(pod) + " in StatefulSet " + Meta.name(set)
                    + " successful");
            if (Pods.isTerminated(pod)) {
                warn(set, "RecreatingFailedPod", "StatefulSet " + Meta.namespace(set) + "/" + Meta.name(set)
                        + " is recreating failed Pod " + Meta.name(pod));
            }
        } catch (ApiException e) {
            if (e.status().code() == 404 || e.status().code() == 409) {
                return;
            }
            warn(set, "FailedDelete", "delete Pod " + Meta.name(pod) + " in StatefulSet " + Meta.name(set)
                    + " failed error: " + e.getMessage());
            throw e;
        }
    }

    /** whenScaled=Delete: the claims of a condemned pod get the pod as owner, so they go with it. */
    private void ownClaimsByPod(ObjectNode set, ObjectNode pod) {
        int ordinal = StatefulPods.ordinal(Meta.name(set), Meta.name(pod));
        for (ObjectNode wanted : StatefulPods.claims(set, ordinal)) {
            try {
                ObjectNode claim = client.get(CLAIMS, Meta.namespace(set), Meta.name(wanted));
                ArrayNode refs = Meta.metadata(claim).get("ownerReferences") instanceof ArrayNode a ? a
                        : Meta.metadata(claim).putArray("ownerReferences");
                for (JsonNode ref : refs) {
                    if (ref.path("uid").asString("").equals(Meta.uid(pod))) {
                        return;
                    }
                }
                refs.add(StatefulPods.ownerRef(pod, "v1", "Pod"));
                client.update(CLAIMS, Meta.namespace(set), claim);
            } catch (ApiException e) {
                if (e.status().code() != 404) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void updateIdentity(ObjectNode set, ObjectNode pod, int ordinal) {
        ObjectNode patch = Json.object();
        ObjectNode labels = patch.putObject("metadata").putObject("labels");
        labels.put(StatefulPods.POD_NAME_LABEL, Meta.name(pod));
        labels.put(StatefulPods.POD_INDEX_LABEL, Integer.toString(ordinal));
        try {
            client.patch(PODS, Meta.namespace(pod), Meta.name(pod), PatchType.MERGE, patch, PatchOptions.none());
            event(set, "SuccessfulUpdate", "update Pod " + Meta.name(pod) + " in StatefulSet " + Meta.name(set)
                    + " successful");
        } catch (ApiException e) {
            if (e.status().code() != 404) {
                throw e;
            }
        }
    }

    private void event(ObjectNode set, String reason, String message) {
        events.normal(set, "apps/v1", "StatefulSet", reason, message);
    }

    private void warn(ObjectNode set, String reason, String message) {
        events.warning(set, "apps/v1", "StatefulSet", reason, message);
    }
}
