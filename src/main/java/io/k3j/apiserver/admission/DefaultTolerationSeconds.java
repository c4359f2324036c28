package io.k3j.apiserver.admission;

import io.k3j.apiserver.registry.Admission;
import io.k3j.apiserver.registry.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's DefaultTolerationSeconds: a new pod that does not already tolerate the
 * {@code node.kubernetes.io/not-ready} or {@code node.kubernetes.io/unreachable} NoExecute taint
 * gets a toleration of it for 300 seconds, so the taint eviction controller deletes it five
 * minutes after its node fails. Stateless.
 */
public final class DefaultTolerationSeconds implements AdmissionPlugin {

    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final long DEFAULT_SECONDS = 300;

    @Override
    public String name() {
        return "DefaultTolerationSeconds";
    }

    @Override
    public boolean appliesTo(ResourceType type) {
        return type.group().isEmpty() && type.resource().equals("pods");
    }

    @Override
    public void admit(Admission.Attributes a) {
        if (!a.isCreate()) {
            return;
        }
        ObjectNode spec = a.object().get("spec") instanceof ObjectNode s ? s : a.object().putObject("spec");
        boolean notReady = false;
        boolean unreachable = false;
        for (JsonNode t : spec.path("tolerations")) {
            String effect = t.path("effect").asString("");
            if (!effect.isEmpty() && !effect.equals("NoExecute")) {
                continue;
            }
            String key = t.path("key").asString("");
            if (key.equals(NOT_READY)) {
                notReady = true;
            } else if (key.equals(UNREACHABLE)) {
                unreachable = true;
            } else if (key.isEmpty() && "Exists".equals(t.path("operator").asString(""))) {
                notReady = true;
                unreachable = true;
            }
        }
        if (notReady && unreachable) {
            return;
        }
        ArrayNode tolerations = spec.get("tolerations") instanceof ArrayNode t ? t : spec.putArray("tolerations");
        if (!notReady) {
            add(tolerations, NOT_READY);
        }
        if (!unreachable) {
            add(tolerations, UNREACHABLE);
        }
    }

    private static void add(ArrayNode tolerations, String key) {
        tolerations.addObject().put("key", key).put("operator", "Exists").put("effect", "NoExecute")
                .put("tolerationSeconds", DEFAULT_SECONDS);
    }
}
