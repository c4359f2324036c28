package io.k3j.apiserver.endpoints;

import io.k3j.api.ApiException;
import io.k3j.api.Json;
import io.k3j.api.LabelSelector;
import io.k3j.api.Meta;
import io.k3j.api.SelectorException;
import io.k3j.api.Status;
import io.k3j.apiserver.registry.GenericStore;
import io.k3j.apiserver.registry.ScalePaths;
import java.util.Map;
import java.util.function.UnaryOperator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scale subresource (autoscaling/v1 Scale) of deployments, replicasets, statefulsets and
 * replicationcontrollers: reads show spec.replicas, status.replicas and the selector; writes
 * change only the parent's spec.replicas.
 */
final class ScaleHandler {

    private ScaleHandler() {
    }

    static ObjectNode scaleOf(ObjectNode parent, ScalePaths paths) {
        ObjectNode scale = Json.object();
        scale.put("kind", "Scale");
        scale.put("apiVersion", "autoscaling/v1");
        ObjectNode meta = scale.putObject("metadata");
        JsonNode pm = parent.path("metadata");
        for (String f : new String[]{"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            if (pm.has(f)) {
                meta.set(f, pm.get(f));
            }
        }
        if (paths != null) {
            scale.putObject("spec").put("replicas", ScalePaths.get(parent, paths.specReplicas()).asInt(0));
            ObjectNode status = scale.putObject("status");
            status.put("replicas", ScalePaths.get(parent, paths.statusReplicas()).asInt(0));
            if (paths.labelSelector() != null && ScalePaths.get(parent, paths.labelSelector()).isString()) {
                status.put("selector", ScalePaths.get(parent, paths.labelSelector()).asString());
            }
            return scale;
        }
        scale.putObject("spec").put("replicas", parent.path("spec").path("replicas").asInt(0));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", parent.path("status").path("replicas").asInt(0));
        String selector = selector(parent.path("spec").path("selector"));
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        return scale;
    }

    private static String selector(JsonNode sel) {
        if (!sel.isObject()) {
            return "";
        }
        try {
            if (sel.has("matchLabels") || sel.has("matchExpressions")) {
                return LabelSelector.fromJson(sel).toString();
            }
            StringBuilder sb = new StringBuilder();
            for (Map.Entry<String, JsonNode> e : sel.properties()) {
                if (!sb.isEmpty()) {
                    sb.append(',');
                }
                sb.append(e.getKey()).append('=').append(e.getValue().asString(""));
            }
            return sb.toString();
        } catch (SelectorException e) {
            return "";
        }
    }

    /** Writes a new replica count computed from the current Scale by {@code change}. */
    static ObjectNode write(GenericStore store, String ns, String name, UnaryOperator<ObjectNode> change, boolean dryRun,
                            String manager) {
        ScalePaths paths = store.type().strategy().scalePaths();
        ObjectNode parent = store.patch(ns, name, current -> {
            ObjectNode wanted = change.apply(scaleOf(current, paths));
            JsonNode replicas = wanted.path("spec").path("replicas");
            if (!replicas.canConvertToInt() || replicas.asInt() < 0) {
                throw new ApiException(Status.invalid("autoscaling", "Scale", name, java.util.List.of(
                        new Status.Cause("FieldValueInvalid", "Invalid value: " + replicas
                                + ": must be greater than or equal to 0", "spec.replicas"))));
            }
            String rv = Meta.resourceVersion(wanted);
            if (rv != null && !rv.isEmpty() && !rv.equals(Meta.resourceVersion(current))) {
                throw new ApiException(Status.conflict(store.type().group(), store.type().resource(), name,
                        "the object has been modified; please apply your changes to the latest version and try"
                                + " again"));
            }
            if (paths != null) {
                ScalePaths.set(current, paths.specReplicas(), replicas.asInt());
                return current;
            }
            ObjectNode spec = current.has("spec") && current.get("spec").isObject()
                    ? (ObjectNode) current.get("spec") : current.putObject("spec");
            spec.put("replicas", replicas.asInt());
            return current;
        }, "scale", dryRun, manager);
        return scaleOf(parent, paths);
    }
}
