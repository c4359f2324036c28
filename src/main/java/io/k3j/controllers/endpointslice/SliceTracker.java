package io.k3j.controllers.endpointslice;

import io.k3j.api.Meta;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.node.ObjectNode;

/**
 * Upstream's endpointSliceTracker: remembers the slices this controller wrote or deleted per
 * service until the informer cache shows them, so a sync never acts on a cache that has not
 * seen the controller's own writes (which would create duplicate slices). Thread-safe.
 */
final class SliceTracker {

    private static final long DELETED = -1;

    private final Map<String, Map<String, Long>> expected = new ConcurrentHashMap<>();

    void written(String serviceKey, ObjectNode slice) {
        expected.computeIfAbsent(serviceKey, k -> new ConcurrentHashMap<>()).put(Meta.name(slice), rv(slice));
    }

    void deleted(String serviceKey, String name) {
        expected.computeIfAbsent(serviceKey, k -> new ConcurrentHashMap<>()).put(name, DELETED);
    }

    /** The slice is gone from the cache: nothing more to expect of it. */
    void gone(String serviceKey, String name) {
        Map<String, Long> m = expected.get(serviceKey);
        if (m != null) {
            m.remove(name);
        }
    }

    void forget(String serviceKey) {
        expected.remove(serviceKey);
    }

    /** Whether the cached slices lag behind this controller's writes; drops expectations met. */
    boolean stale(String serviceKey, List<ObjectNode> cached) {
        Map<String, Long> m = expected.get(serviceKey);
        if (m == null || m.isEmpty()) {
            return false;
        }
        Map<String, Long> seen = new HashMap<>();
        cached.forEach(s -> seen.put(Meta.name(s), rv(s)));
        boolean stale = false;
        for (Map.Entry<String, Long> e : m.entrySet()) {
            Long have = seen.get(e.getKey());
            boolean met = e.getValue() == DELETED ? have == null : have != null && have >= e.getValue();
            if (met) {
                m.remove(e.getKey(), e.getValue());
            } else {
                stale = true;
            }
        }
        return stale;
    }

    private static long rv(ObjectNode slice) {
        try {
            return Long.parseLong(Meta.resourceVersion(slice));
        } catch (RuntimeException e) {
            return 0;
        }
    }
}
