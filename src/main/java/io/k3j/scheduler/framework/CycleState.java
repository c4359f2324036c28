package io.k3j.scheduler.framework;

import java.util.HashMap;
import java.util.Map;

/** What plugins compute once per scheduling cycle (PreFilter/PreScore) and read per node. Not thread-safe. */
public final class CycleState {

    private final Map<String, Object> data = new HashMap<>();

    public void put(String key, Object value) {
        data.put(key, value);
    }

    @SuppressWarnings("unchecked")
    public <T> T get(String key) {
        return (T) data.get(key);
    }
}
