package io.k3j.apiserver.registry;

import io.k3j.apiserver.watch.WatchFilter;

/**
 * What a list or watch asks for: which objects (filter), how many (limit, continue token) and
 * how fresh (resourceVersion and resourceVersionMatch, as upstream defines them).
 */
public record ListOptions(WatchFilter filter, boolean selective, int limit, String continueToken,
                          String resourceVersion, String resourceVersionMatch) {

    public static ListOptions all() {
        return new ListOptions(WatchFilter.ALL, false, 0, null, null, null);
    }
}
