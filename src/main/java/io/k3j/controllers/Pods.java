package io.k3j.controllers;

import io.k3j.api.Meta;
import java.time.Instant;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Pod state as the controllers judge it (upstream's podutil and controller helpers). */
public final class Pods {

    private Pods() {
    }

    public static String phase(ObjectNode pod) {
        return pod.path("status").path("phase").asString("Pending");
    }

    /** Succeeded or Failed. */
    public static boolean isTerminated(ObjectNode pod) {
        String p = phase(pod);
        return p.equals("Succeeded") || p.equals("Failed");
    }

    /** Not terminated and not being deleted (upstream's controller.IsPodActive). */
    public static boolean isActive(ObjectNode pod) {
        return !isTerminated(pod) && !Meta.isDeleting(pod);
    }

    /** The status of condition {@code type}, or "" when the pod has none. */
    public static JsonNode condition(ObjectNode pod, String type) {
        for (JsonNode c : pod.path("status").path("conditions")) {
            if (c.path("type").asString("").equals(type)) {
                return c;
            }
        }
        return null;
    }

    /** The Ready condition is True. */
    public static boolean isReady(ObjectNode pod) {
        JsonNode c = condition(pod, "Ready");
        return c != null && c.path("status").asString("").equals("True");
    }

    /** Ready for at least {@code minReadySeconds} at {@code now} (upstream's podutil.IsPodAvailable). */
    public static boolean isAvailable(ObjectNode pod, int minReadySeconds, Instant now) {
        JsonNode c = condition(pod, "Ready");
        if (c == null || !c.path("status").asString("").equals("True")) {
            return false;
        }
        if (minReadySeconds <= 0) {
            return true;
        }
        String since = c.path("lastTransitionTime").asString("");
        if (since.isEmpty()) {
            return false;
        }
        return !Instant.parse(since).plusSeconds(minReadySeconds).isAfter(now);
    }

    public static String nodeName(ObjectNode pod) {
        return pod.path("spec").path("nodeName").asString("");
    }
}
