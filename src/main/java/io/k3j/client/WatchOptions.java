package io.k3j.client;

import java.util.List;
import java.util.Map;

/**
 * Options of a watch: selectors, the resourceVersion to start after ({@code null} or "0" = now,
 * with the current objects first as ADDED), bookmarks and a server-side timeout. Immutable.
 */
public record WatchOptions(String labelSelector, String fieldSelector, String resourceVersion,
                           boolean allowWatchBookmarks, long timeoutSeconds) {

    public static WatchOptions from(String resourceVersion) {
        return new WatchOptions(null, null, resourceVersion, true, 0);
    }

    public WatchOptions withSelectors(String labelSelector, String fieldSelector) {
        return new WatchOptions(labelSelector, fieldSelector, resourceVersion, allowWatchBookmarks, timeoutSeconds);
    }

    public WatchOptions withTimeoutSeconds(long seconds) {
        return new WatchOptions(labelSelector, fieldSelector, resourceVersion, allowWatchBookmarks, seconds);
    }

    Map<String, List<String>> query() {
        Map<String, List<String>> q = new java.util.LinkedHashMap<>();
        q.put("watch", List.of("true"));
        ListOptions.put(q, "labelSelector", labelSelector);
        ListOptions.put(q, "fieldSelector", fieldSelector);
        ListOptions.put(q, "resourceVersion", resourceVersion);
        if (allowWatchBookmarks) {
            q.put("allowWatchBookmarks", List.of("true"));
        }
        if (timeoutSeconds > 0) {
            q.put("timeoutSeconds", List.of(Long.toString(timeoutSeconds)));
        }
        return q;
    }
}
