package io.k3j.controllers.daemon;

import io.k3j.api.Json;
import io.k3j.api.Meta;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Node selection of a pod spec: {@code nodeSelector} and required node affinity (terms ORed,
 * expressions ANDed; In, NotIn, Exists, DoesNotExist, Gt, Lt; {@code matchFields} on
 * {@code metadata.name}), and the affinity a DaemonSet pod gets to pin it to its node
 * (upstream's ReplaceDaemonSetPodNodeNameNodeAffinity). Stateless.
 */
public final class NodeAffinity {

    private NodeAffinity() {
    }

    /** Whether {@code node} matches the spec's nodeSelector and required node affinity. */
    public static boolean matches(JsonNode podSpec, ObjectNode node) {
        Map<String, String> labels = Meta.labels(node);
        for (var e : podSpec.path("nodeSelector").properties()) {
            if (!e.getValue().asString("").equals(labels.get(e.getKey()))) {
                return false;
            }
        }
        JsonNode required = podSpec.path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution");
        if (required.isMissingNode() || required.isNull()) {
            return true;
        }
        JsonNode terms = required.path("nodeSelectorTerms");
        for (JsonNode term : terms) {
            if (termMatches(term, labels, Meta.name(node))) {
                return true;
            }
        }
        return false;
    }

    /** A term with neither expressions nor fields matches nothing, as upstream. */
    static boolean termMatches(JsonNode term, Map<String, String> labels, String nodeName) {
        JsonNode exprs = term.path("matchExpressions");
        JsonNode fields = term.path("matchFields");
        if (exprs.isEmpty() && fields.isEmpty()) {
            return false;
        }
        for (JsonNode e : exprs) {
            if (!requirement(e, labels.get(e.path("key").asString("")))) {
                return false;
            }
        }
        for (JsonNode f : fields) {
            String key = f.path("key").asString("");
            if (!key.equals("metadata.name") || !requirement(f, nodeName)) {
                return false;
            }
        }
        return true;
    }

    private static boolean requirement(JsonNode expr, String value) {
        JsonNode values = expr.path("values");
        return switch (expr.path("operator").asString("")) {
            case "In" -> value != null && contains(values, value);
            case "NotIn" -> value == null || !contains(values, value);
            case "Exists" -> value != null;
            case "DoesNotExist" -> value == null;
            case "Gt", "Lt" -> {
                if (value == null || values.size() != 1) {
                    yield false;
                }
                try {
                    long have = Long.parseLong(value);
                    long want = Long.parseLong(values.get(0).asString(""));
                    yield expr.path("operator").asString("").equals("Gt") ? have > want : have < want;
                } catch (NumberFormatException ex) {
                    yield false;
                }
            }
            default -> false;
        };
    }

    private static boolean contains(JsonNode values, String value) {
        for (JsonNode v : values) {
            if (v.asString("").equals(value)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Replaces the spec's required node affinity by one term, {@code matchFields metadata.name In
     * [node]}; preferred terms and other affinities stay.
     */
    public static void pinToNode(ObjectNode podSpec, String nodeName) {
        ObjectNode affinity = podSpec.get("affinity") instanceof ObjectNode a ? a : podSpec.putObject("affinity");
        ObjectNode nodeAffinity = affinity.get("nodeAffinity") instanceof ObjectNode n ? n
                : affinity.putObject("nodeAffinity");
        ObjectNode required = Json.object();
        ObjectNode field = required.putArray("nodeSelectorTerms").addObject().putArray("matchFields").addObject();
        field.put("key", "metadata.name");
        field.put("operator", "In");
        field.putArray("values").add(nodeName);
        nodeAffinity.set("requiredDuringSchedulingIgnoredDuringExecution", required);
    }

    /**
     * The node a DaemonSet pod is for: its {@code spec.nodeName}, else the single name its required
     * affinity pins it to (upstream's GetTargetNodeName); "" when neither.
     */
    public static String targetNode(JsonNode pod) {
        String bound = pod.path("spec").path("nodeName").asString("");
        if (!bound.isEmpty()) {
            return bound;
        }
        JsonNode terms = pod.path("spec").path("affinity").path("nodeAffinity")
                .path("requiredDuringSchedulingIgnoredDuringExecution").path("nodeSelectorTerms");
        for (JsonNode term : terms) {
            for (JsonNode f : term.path("matchFields")) {
                if (f.path("key").asString("").equals("metadata.name") && f.path("operator").asString("").equals("In")
                        && f.path("values") instanceof ArrayNode values && values.size() == 1) {
                    return values.get(0).asString("");
                }
            }
        }
        return "";
    }
}
