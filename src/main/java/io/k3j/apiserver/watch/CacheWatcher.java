package io.k3j.apiserver.watch;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One client watch on a {@link WatchCache}: a bounded queue of cache events filtered for this
 * client and a virtual thread writing them to the sink. A client that falls more than
 * {@code capacity} events behind is ended, as upstream does with slow watchers.
 */
public final class CacheWatcher implements AutoCloseable {

    private final String keyPrefix;
    private final WatchFilter filter;
    private final WatchSink sink;
    private final int capacity;
    private final Runnable onClose;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<WatchEvent> queue = new ArrayDeque<>();
    private volatile long startRevision;
    private String endReason;
    private boolean closed;

    CacheWatcher(String keyPrefix, WatchFilter filter, WatchSink sink, int capacity, Runnable onClose) {
        this.keyPrefix = keyPrefix;
        this.filter = filter;
        this.sink = sink;
        this.capacity = capacity;
        this.onClose = onClose;
    }

    /** Starts delivery; events at or below {@code covered} are already in {@code initial}. */
    void start(List<WatchEvent> initial, long covered) {
        startRevision = covered;
        lock.lock();
        try {
            queue.addAll(initial);
        } finally {
            lock.unlock();
        }
        Thread.ofVirtual().name("k3j-cache-watch").start(this::run);
    }

    /** Filters a cache event for this client and queues what it should see. */
    void offer(CacheEvent e) {
        WatchEvent seen = translate(e);
        if (seen != null) {
            enqueue(seen);
        }
    }

    /** Filters a cache event for this client into {@code into} instead of the queue (for replay). */
    void offerTo(CacheEvent e, java.util.List<WatchEvent> into) {
        WatchEvent seen = translate(e);
        if (seen != null) {
            into.add(seen);
        }
    }

    private WatchEvent translate(CacheEvent e) {
        if (!e.object().key().startsWith(keyPrefix) || e.revision() <= startRevision) {
            return null;
        }
        boolean now = e.type() != WatchEvent.Type.DELETED && filter.matches(e.object().object());
        boolean before = e.previous() != null && filter.matches(e.previous().object());
        WatchEvent.Type type;
        if (e.type() == WatchEvent.Type.DELETED) {
            if (!before) {
                return null;
            }
            type = WatchEvent.Type.DELETED;
        } else if (now && before) {
            type = WatchEvent.Type.MODIFIED;
        } else if (now) {
            type = WatchEvent.Type.ADDED;
        } else if (before) {
            type = WatchEvent.Type.DELETED;
        } else {
            return null;
        }
        return new WatchEvent(type, e.object());
    }

    /** Queues an event as is (bookmarks). */
    public void enqueue(WatchEvent event) {
        lock.lock();
        try {
            if (closed || endReason != null) {
                return;
            }
            if (queue.size() >= capacity) {
                queue.clear();
                endReason = "watch client fell behind by " + capacity + " events";
            } else {
                queue.add(event);
            }
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    void end(String reason) {
        lock.lock();
        try {
            if (endReason == null) {
                endReason = reason;
            }
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            queue.clear();
            ready.signal();
        } finally {
            lock.unlock();
        }
        onClose.run();
    }

    private void run() {
        try {
            while (true) {
                WatchEvent next;
                String reason;
                lock.lock();
                try {
                    while (queue.isEmpty() && endReason == null && !closed) {
                        ready.await();
                    }
                    if (closed) {
                        return;
                    }
                    next = queue.poll();
                    reason = next == null ? endReason : null;
                } finally {
                    lock.unlock();
                }
                if (next != null) {
                    if (!sink.send(next)) {
                        close();
                        return;
                    }
                } else {
                    close();
                    sink.end(reason);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            close();
            sink.end("watch failed: " + e.getMessage());
        }
    }
}
