package io.k3j.apiserver.fieldmanager;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * A total order over JSON values, as upstream orders set items and keys: floats, then integers
 * (numbers compare numerically across the two), strings, booleans, lists, maps, null.
 */
final class ValueOrder implements Comparator<JsonNode> {

    static final ValueOrder INSTANCE = new ValueOrder();

    private ValueOrder() {
    }

    private static int rank(JsonNode v) {
        if (v.isFloatingPointNumber()) {
            return 0;
        }
        if (v.isIntegralNumber()) {
            return 1;
        }
        if (v.isString()) {
            return 2;
        }
        if (v.isBoolean()) {
            return 3;
        }
        if (v.isArray()) {
            return 4;
        }
        if (v.isObject()) {
            return 5;
        }
        return 6;
    }

    @Override
    public int compare(JsonNode a, JsonNode b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra <= 1 && rb <= 1) {
            if (ra == 1 && rb == 1) {
                return a.bigIntegerValue().compareTo(b.bigIntegerValue());
            }
            return Double.compare(a.asDouble(), b.asDouble());
        }
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (ra) {
            case 2 -> a.stringValue().compareTo(b.stringValue());
            case 3 -> Boolean.compare(a.booleanValue(), b.booleanValue());
            case 4 -> compareLists(a, b);
            case 5 -> compareMaps(a, b);
            default -> 0;
        };
    }

    private int compareLists(JsonNode a, JsonNode b) {
        int n = Math.min(a.size(), b.size());
        for (int i = 0; i < n; i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** Maps compare by their sorted member names, then values, then size. */
    int compareMaps(JsonNode a, JsonNode b) {
        List<String> ka = sortedNames(a);
        List<String> kb = sortedNames(b);
        int n = Math.min(ka.size(), kb.size());
        for (int i = 0; i < n; i++) {
            int c = ka.get(i).compareTo(kb.get(i));
            if (c != 0) {
                return c;
            }
            c = compare(a.get(ka.get(i)), b.get(kb.get(i)));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(ka.size(), kb.size());
    }

    private static List<String> sortedNames(JsonNode o) {
        List<String> names = new ArrayList<>(o.propertyNames());
        Collections.sort(names);
        return names;
    }
}
