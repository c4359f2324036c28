package io.k3j.controllers.statefulset;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.LabelSelector;
import io.k3j.api.Meta;
import io.k3j.api.SelectorException;
import io.k3j.client.ApiClient;
import io.k3j.client.PatchOptions;
import io.k3j.client.PatchType;
import io.k3j.controllers.Owners;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Orphan pods a StatefulSet takes back (upstream's ClaimPods adoption): pods of its namespace without
 * a controller, not being deleted, matching its selector and named {@code <set>-<ordinal>} get the set
 * as controller (a merge patch with the pod's uid as precondition). Stateless.
 */
final class Adoption {

    private Adoption() {
    }

    /** The orphans among {@code candidates} that {@code set} should adopt. */
    static List<ObjectNode> orphans(ObjectNode set, List<ObjectNode> candidates) {
        LabelSelector selector;
        try {
            selector = LabelSelector.fromJson(set.path("spec").path("selector"));
        } catch (SelectorException e) {
            return List.of();
        }
        if (selector.isEmpty()) {
            return List.of();
        }
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode pod : candidates) {
            if (Owners.controllerOf(pod).isEmpty() && !Meta.isDeleting(pod) && selector.matches(Meta.labels(pod))
                    && StatefulPods.ordinal(Meta.name(set), Meta.name(pod)) >= 0) {
                out.add(pod);
            }
        }
        return out;
    }

    /** Adopts {@code pod}; returns the updated pod, or null when it changed or went away meanwhile. */
    static ObjectNode adopt(ApiClient client, ObjectNode set, ObjectNode pod) {
        ObjectNode patch = Json.object();
        ObjectNode meta = patch.putObject("metadata");
        meta.put("uid", Meta.uid(pod));
        ArrayNode refs = meta.putArray("ownerReferences");
        for (JsonNode ref : pod.path("metadata").path("ownerReferences")) {
            refs.add(ref.deepCopy());
        }
        refs.add(Owners.controllerRef(set, "apps/v1", "StatefulSet"));
        try {
            return client.patch(ApiPodControl.PODS, Meta.namespace(pod), Meta.name(pod), PatchType.MERGE, patch,
                    PatchOptions.none());
        } catch (ApiException e) {
            if (e.status().code() == 404 || e.status().code() == 409 || e.status().code() == 422) {
                return null;
            }
            throw e;
        }
    }
}
