package io.k3j.apiserver.patch;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** Renders JSON values as upstream's Go error messages print decoded JSON ({@code %v}, type names). */
final class GoFormat {

    private GoFormat() {}

    /** {@code %v} of the decoded value: {@code map[k:v …]} with sorted keys, {@code [a b]}, bare strings. */
    static String value(JsonNode node) {
        StringBuilder out = new StringBuilder();
        append(out, node);
        return out.toString();
    }

    private static void append(StringBuilder out, JsonNode node) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>(node.propertyNames());
            keys.sort(null);
            out.append("map[");
            for (int i = 0; i < keys.size(); i++) {
                out.append(i == 0 ? "" : " ").append(keys.get(i)).append(':');
                append(out, node.get(keys.get(i)));
            }
            out.append(']');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : " ");
                append(out, node.get(i));
            }
            out.append(']');
        } else if (node.isString()) {
            out.append(node.stringValue());
        } else if (node.isNull()) {
            out.append("<nil>");
        } else {
            out.append(node);
        }
    }

    /** The Go type a decoded value has ({@code map[string]interface {}}, {@code string}, …). */
    static String type(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "map[string]interface {}";
            case ARRAY -> "[]interface {}";
            case STRING -> "string";
            case NUMBER -> node.isIntegralNumber() ? "int64" : "float64";
            case BOOLEAN -> "bool";
            default -> "<nil>";
        };
    }

    /** The JSON kind encoding/json names in an unmarshal error ("array", "string", "number", "bool"). */
    static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case NUMBER -> "number";
            case BOOLEAN -> "bool";
            case NULL -> "null";
            default -> "string";
        };
    }
}
