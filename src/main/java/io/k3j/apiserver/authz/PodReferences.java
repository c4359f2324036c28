package io.k3j.apiserver.authz;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;

/**
 * The objects a pod needs from the API to run, the edges upstream's node graph draws from a pod:
 * secrets (image pull secrets, volumes, projected sources, env and envFrom, the secretRef of any
 * volume plugin), config maps (volumes, projected sources, env and envFrom), persistent volume
 * claims (claim volumes and generic ephemeral volumes, named {@code <pod>-<volume>}) and the
 * service account. Stateless.
 */
final class PodReferences {

    private PodReferences() {
    }

    static Set<String> secrets(JsonNode pod) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode spec = pod.path("spec");
        for (JsonNode s : spec.path("imagePullSecrets")) {
            add(out, s.path("name"));
        }
        for (JsonNode v : spec.path("volumes")) {
            add(out, v.path("secret").path("secretName"));
            for (JsonNode source : v.path("projected").path("sources")) {
                add(out, source.path("secret").path("name"));
            }
            for (JsonNode plugin : v) {
                add(out, plugin.path("secretRef").path("name"));
                add(out, plugin.path("nodePublishSecretRef").path("name"));
            }
        }
        forEachContainer(spec, c -> {
            for (JsonNode e : c.path("envFrom")) {
                add(out, e.path("secretRef").path("name"));
            }
            for (JsonNode e : c.path("env")) {
                add(out, e.path("valueFrom").path("secretKeyRef").path("name"));
            }
        });
        return out;
    }

    static Set<String> configMaps(JsonNode pod) {
        Set<String> out = new LinkedHashSet<>();
        JsonNode spec = pod.path("spec");
        for (JsonNode v : spec.path("volumes")) {
            add(out, v.path("configMap").path("name"));
            for (JsonNode source : v.path("projected").path("sources")) {
                add(out, source.path("configMap").path("name"));
            }
        }
        forEachContainer(spec, c -> {
            for (JsonNode e : c.path("envFrom")) {
                add(out, e.path("configMapRef").path("name"));
            }
            for (JsonNode e : c.path("env")) {
                add(out, e.path("valueFrom").path("configMapKeyRef").path("name"));
            }
        });
        return out;
    }

    static Set<String> claims(JsonNode pod) {
        Set<String> out = new LinkedHashSet<>();
        String podName = pod.path("metadata").path("name").asString("");
        for (JsonNode v : pod.path("spec").path("volumes")) {
            add(out, v.path("persistentVolumeClaim").path("claimName"));
            if (v.path("ephemeral").isObject()) {
                out.add(podName + "-" + v.path("name").asString(""));
            }
        }
        return out;
    }

    static String serviceAccount(JsonNode pod) {
        String sa = pod.path("spec").path("serviceAccountName").asString("");
        return sa.isEmpty() ? "default" : sa;
    }

    private static void forEachContainer(JsonNode spec, Consumer<JsonNode> action) {
        for (String list : new String[] {"initContainers", "containers", "ephemeralContainers"}) {
            for (JsonNode c : spec.path(list)) {
                action.accept(c);
            }
        }
    }

    private static void add(Set<String> out, JsonNode name) {
        if (name.isString() && !name.stringValue().isEmpty()) {
            out.add(name.stringValue());
        }
    }
}
