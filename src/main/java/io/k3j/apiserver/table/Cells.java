package io.k3j.apiserver.table;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Helpers for computing table cells from JSON objects. Stateless. */
final class Cells {

    private Cells() {
    }

    static String name(ObjectNode o) {
        return o.path("metadata").path("name").asString("");
    }

    static String age(ObjectNode o, Instant now) {
        String ts = o.path("metadata").path("creationTimestamp").asString("");
        if (ts.isEmpty()) {
            return "<unknown>";
        }
        try {
            return HumanDuration.format(Duration.between(Instant.parse(ts), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    static String text(JsonNode n, String fallback) {
        return n.isMissingNode() || n.isNull() ? fallback : n.asString(fallback);
    }

    static int size(JsonNode n) {
        return n.isObject() || n.isArray() ? n.size() : 0;
    }

    /** "<none>" for an empty value, as upstream prints. */
    static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }

    static String selector(JsonNode matchLabels) {
        if (!matchLabels.isObject() || matchLabels.isEmpty()) {
            return "<none>";
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : matchLabels.properties()) {
            parts.add(e.getKey() + "=" + e.getValue().asString(""));
        }
        java.util.Collections.sort(parts);
        return String.join(",", parts);
    }

    static String containers(JsonNode podSpec, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : podSpec.path("containers")) {
            out.add(c.path(field).asString(""));
        }
        return out.isEmpty() ? "<none>" : String.join(",", out);
    }
}
