package io.k3j.storage;

import java.util.List;

/**
 * Receives a watch's events. Calls for one watch never overlap and arrive in revision order
 * with no gaps; {@code onError} is the last call (the watch is over: compacted, too slow,
 * backend closed).
 */
public interface WatchListener {

    void onEvents(List<Event> events);

    void onError(StorageException error);

    /**
     * Every event up to {@code revision} on the watched prefix has been delivered, even if
     * none matched (like etcd's progress notifications); lets caches prove freshness.
     */
    default void onProgress(long revision) {
    }
}
