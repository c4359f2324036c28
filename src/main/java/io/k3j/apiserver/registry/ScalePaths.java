package io.k3j.apiserver.registry;

import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a resource keeps what its scale subresource shows (custom resources declare it:
 * {@code .spec.replicas}, {@code .status.replicas}, {@code .status.selector}); dotted paths.
 *
 * @param specReplicas   the desired replica count (written by scale updates)
 * @param statusReplicas the observed replica count
 * @param labelSelector  the selector as a string, or null
 */
public record ScalePaths(String specReplicas, String statusReplicas, String labelSelector) {

    /** The value at a dotted path, or a missing node. */
    public static JsonNode get(JsonNode obj, String path) {
        JsonNode n = obj;
        for (String step : steps(path)) {
            n = n.path(step);
        }
        return n;
    }

    /** Sets a number at a dotted path, creating the objects on the way. */
    public static void set(ObjectNode obj, String path, int value) {
        List<String> steps = steps(path);
        ObjectNode n = obj;
        for (String step : steps.subList(0, steps.size() - 1)) {
            n = n.get(step) instanceof ObjectNode o ? o : n.putObject(step);
        }
        n.put(steps.getLast(), value);
    }

    private static List<String> steps(String path) {
        return List.of((path.startsWith(".") ? path.substring(1) : path).split("\\."));
    }
}
