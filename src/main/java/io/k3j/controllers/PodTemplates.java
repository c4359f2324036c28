package io.k3j.controllers;

import io.k3j.api.Json;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Pods made from a workload's pod template (upstream's controller.GetPodFromTemplate). */
public final class PodTemplates {

    private PodTemplates() {
    }

    /**
     * A new pod for {@code namespace}: the template's labels, annotations, finalizers and spec,
     * {@code generateName} {@code <prefix>-} (upstream trims nothing: the API server's name
     * generator keeps the result within 63 characters), and {@code controllerRef} as its only
     * owner reference when not null.
     */
    public static ObjectNode podFrom(JsonNode template, String namespace, String generateNamePrefix,
                                     ObjectNode controllerRef) {
        ObjectNode pod = Json.object();
        pod.put("apiVersion", "v1");
        pod.put("kind", "Pod");
        ObjectNode meta = pod.putObject("metadata");
        if (generateNamePrefix != null) {
            meta.put("generateName", generateNamePrefix + "-");
        }
        meta.put("namespace", namespace);
        JsonNode tm = template.path("metadata");
        for (String field : new String[] {"labels", "annotations", "finalizers"}) {
            if (tm.get(field) instanceof JsonNode v && !v.isNull() && !v.isMissingNode()) {
                meta.set(field, v.deepCopy());
            }
        }
        if (controllerRef != null) {
            meta.putArray("ownerReferences").add(controllerRef);
        }
        JsonNode spec = template.path("spec");
        pod.set("spec", spec.isObject() ? spec.deepCopy() : Json.object());
        return pod;
    }
}
