package io.k3j.apiserver.table;

import java.time.Duration;
import io.k3j.api.LabelSelector;
import io.k3j.api.SelectorException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
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
        return since(o.path("metadata").path("creationTimestamp").asString(""), now);
    }

    /** The time elapsed from an RFC 3339 timestamp to now, "<unknown>" for a missing or unreadable one. */
    static String since(String timestamp, Instant now) {
        if (timestamp.isEmpty()) {
            return "<unknown>";
        }
        try {
            return HumanDuration.format(Duration.between(Instant.parse(timestamp), now));
        } catch (DateTimeParseException e) {
            return "<unknown>";
        }
    }

    /** The creation time as RFC 3339 in UTC, as the generic table of kinds without a printer shows it. */
    static String createdAt(ObjectNode o) {
        String ts = o.path("metadata").path("creationTimestamp").asString("");
        try {
            return ts.isEmpty() ? "0001-01-01T00:00:00Z"
                    : Instant.parse(ts).truncatedTo(ChronoUnit.SECONDS).toString();
        } catch (DateTimeParseException e) {
            return ts;
        }
    }

    /** Whether the object is being deleted (has a deletionTimestamp). */
    static boolean deleting(ObjectNode o) {
        JsonNode ts = o.path("metadata").path("deletionTimestamp");
        return !ts.isMissingNode() && !ts.isNull();
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

    /** A structured label selector (matchLabels and matchExpressions) in its canonical string form. */
    static String labelSelector(JsonNode selector) {
        try {
            return orNone(LabelSelector.fromJson(selector).toString());
        } catch (SelectorException e) {
            return "<error>";
        }
    }

    /** A field holding an int or a string (IntOrString), "N/A" when unset. */
    static String intOrString(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "N/A" : n.asString("");
    }

    static String containers(JsonNode podSpec, String field) {
        List<String> out = new ArrayList<>();
        for (JsonNode c : podSpec.path("containers")) {
            out.add(c.path(field).asString(""));
        }
        return String.join(",", out);
    }
}
