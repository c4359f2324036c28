package io.k3j.client;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Options of a list (upstream's metav1.ListOptions for lists): selectors, paging and the
 * resourceVersion semantics. Immutable; start from {@link #all()} and narrow with the withers.
 */
public record ListOptions(String labelSelector, String fieldSelector, long limit, String continueToken,
                          String resourceVersion, String resourceVersionMatch) {

    public static ListOptions all() {
        return new ListOptions(null, null, 0, null, null, null);
    }

    public ListOptions withLabelSelector(String selector) {
        return new ListOptions(selector, fieldSelector, limit, continueToken, resourceVersion, resourceVersionMatch);
    }

    public ListOptions withFieldSelector(String selector) {
        return new ListOptions(labelSelector, selector, limit, continueToken, resourceVersion, resourceVersionMatch);
    }

    public ListOptions withLimit(long n) {
        return new ListOptions(labelSelector, fieldSelector, n, continueToken, resourceVersion, resourceVersionMatch);
    }

    public ListOptions withContinue(String token) {
        return new ListOptions(labelSelector, fieldSelector, limit, token, resourceVersion, resourceVersionMatch);
    }

    public ListOptions withResourceVersion(String rv, String match) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, rv, match);
    }

    Map<String, List<String>> query() {
        Map<String, List<String>> q = new LinkedHashMap<>();
        put(q, "labelSelector", labelSelector);
        put(q, "fieldSelector", fieldSelector);
        if (limit > 0) {
            q.put("limit", List.of(Long.toString(limit)));
        }
        put(q, "continue", continueToken);
        put(q, "resourceVersion", resourceVersion);
        put(q, "resourceVersionMatch", resourceVersionMatch);
        return q;
    }

    static void put(Map<String, List<String>> q, String name, String value) {
        if (value != null && !value.isEmpty()) {
            q.put(name, List.of(value));
        }
    }
}
