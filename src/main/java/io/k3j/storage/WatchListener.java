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
}
