package io.k3j.storage.sql;

import io.k3j.storage.CompactedException;
import io.k3j.storage.Event;
import io.k3j.storage.StorageException;
import io.k3j.storage.Watch;
import io.k3j.storage.WatchListener;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One watch: first replays history from the log up to the revision current at registration,
 * then delivers live events, skipping any already replayed, on its own virtual thread.
 */
final class Watcher implements Watch {

    /** Reads history pages for replay. */
    interface History {
        List<Event> after(String prefix, long fromRevision, long toRevision, int limit);

        long compactRevision();
    }

    private static final int PAGE = 500;

    private final String prefix;
    private final WatchListener listener;
    private final int maxPending;
    private final Runnable onClose;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<Event> pending = new ArrayDeque<>();
    private StorageException failure;
    private volatile boolean closed;
    private long delivered;
    private long progress;

    Watcher(String prefix, long fromRevision, WatchListener listener, int maxPending, Runnable onClose) {
        this.prefix = prefix;
        this.delivered = fromRevision;
        this.listener = listener;
        this.maxPending = maxPending;
        this.onClose = onClose;
    }

    String prefix() {
        return prefix;
    }

    void start(History history, long snapshotRevision) {
        Thread.ofVirtual().name("k3j-watch").start(() -> run(history, snapshotRevision));
    }

    /**
     * Called by the committer's publisher, in commit order, with a batch's events already
     * filtered to this prefix (maybe none) and the batch's last revision.
     */
    void offer(List<Event> events, long revision) {
        lock.lock();
        try {
            if (closed || failure != null) {
                return;
            }
            pending.addAll(events);
            progress = Math.max(progress, revision);
            if (pending.size() > maxPending) {
                pending.clear();
                failure = new StorageException("watch on " + prefix + " fell too far behind ("
                        + maxPending + " undelivered events)");
            }
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    void fail(StorageException error) {
        lock.lock();
        try {
            if (failure == null) {
                failure = error;
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
            pending.clear();
            ready.signal();
        } finally {
            lock.unlock();
        }
        onClose.run();
    }

    private void run(History history, long snapshotRevision) {
        try {
            replay(history, snapshotRevision);
            while (true) {
                List<Event> batch = new ArrayList<>();
                StorageException error;
                long reached;
                lock.lock();
                try {
                    while (pending.isEmpty() && progress <= delivered && failure == null && !closed) {
                        ready.await();
                    }
                    if (closed) {
                        return;
                    }
                    error = failure;
                    for (Event e; (e = pending.poll()) != null; ) {
                        if (e.revision() > delivered) {
                            batch.add(e);
                            delivered = e.revision();
                        }
                    }
                    reached = Math.max(delivered, progress);
                    delivered = reached;
                } finally {
                    lock.unlock();
                }
                if (!batch.isEmpty()) {
                    listener.onEvents(batch);
                }
                listener.onProgress(reached);
                if (error != null) {
                    finish(error);
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (StorageException e) {
            finish(e);
        } catch (RuntimeException e) {
            finish(new StorageException("watch delivery failed: " + e.getMessage(), e));
        }
    }

    private void replay(History history, long snapshotRevision) {
        while (delivered < snapshotRevision && !closed) {
            List<Event> page = history.after(prefix, delivered, snapshotRevision, PAGE);
            long compacted = history.compactRevision();
            if (compacted > delivered) {
                throw new CompactedException(delivered, compacted);
            }
            if (!page.isEmpty()) {
                listener.onEvents(page);
            }
            delivered = page.size() < PAGE ? snapshotRevision : page.getLast().revision();
        }
        if (!closed) {
            listener.onProgress(delivered);
        }
    }

    private void finish(StorageException error) {
        if (!closed) {
            closed = true;
            onClose.run();
            listener.onError(error);
        }
    }
}
