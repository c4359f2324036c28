package io.k3j.storage.sql;

import io.k3j.storage.Event;
import io.k3j.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Fans committed events out to the registered watchers whose prefix they match. Thread-safe. */
final class WatchHub {

    private final CopyOnWriteArrayList<Watcher> watchers = new CopyOnWriteArrayList<>();

    void add(Watcher watcher) {
        watchers.add(watcher);
    }

    void remove(Watcher watcher) {
        watchers.remove(watcher);
    }

    int size() {
        return watchers.size();
    }

    void publish(List<Event> events) {
        long revision = events.getLast().revision();
        for (Watcher watcher : watchers) {
            String prefix = watcher.prefix();
            if (prefix.isEmpty()) {
                watcher.offer(events, revision);
                continue;
            }
            List<Event> matching = null;
            for (Event event : events) {
                if (event.kv().key().startsWith(prefix)) {
                    if (matching == null) {
                        matching = new ArrayList<>();
                    }
                    matching.add(event);
                }
            }
            watcher.offer(matching == null ? List.of() : matching, revision);
        }
    }

    void closeAll(StorageException reason) {
        for (Watcher watcher : watchers) {
            watcher.fail(reason);
        }
        watchers.clear();
    }
}
