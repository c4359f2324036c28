package io.k3j.apiserver.apiextensions;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * The simple JSON paths of printer columns: {@code .spec.replicas}, {@code .status.conditions[0].type},
 * {@code .metadata.labels['app.kubernetes.io/name']}.
 */
final class JsonPaths {

    private JsonPaths() {
    }

    /** The path's steps (member names as strings, indexes as integers), or null when it is not a simple path. */
    static List<Object> parse(String path) {
        List<Object> steps = new ArrayList<>();
        int i = 0;
        if (path.isEmpty() || (path.charAt(0) != '.' && path.charAt(0) != '[')) {
            return null;
        }
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    end++;
                }
                if (end == i + 1) {
                    return null;
                }
                steps.add(path.substring(i + 1, end));
                i = end;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    return null;
                }
                String inner = path.substring(i + 1, close).strip();
                if (inner.length() >= 2 && (inner.startsWith("'") && inner.endsWith("'")
                        || inner.startsWith("\"") && inner.endsWith("\""))) {
                    steps.add(inner.substring(1, inner.length() - 1));
                } else {
                    try {
                        steps.add(Integer.parseInt(inner));
                    } catch (NumberFormatException e) {
                        return null;
                    }
                }
                i = close + 1;
            } else {
                return null;
            }
        }
        return steps;
    }

    static boolean valid(String path) {
        return parse(path) != null;
    }

    /** The value at the path, or a missing node. */
    static JsonNode get(JsonNode root, List<Object> steps) {
        JsonNode n = root;
        for (Object s : steps) {
            if (n == null) {
                return MissingNode.getInstance();
            }
            n = s instanceof Integer idx ? (n.isArray() ? n.get(idx < 0 ? n.size() + idx : idx) : null) : n.get((String) s);
        }
        return n == null ? MissingNode.getInstance() : n;
    }
}
