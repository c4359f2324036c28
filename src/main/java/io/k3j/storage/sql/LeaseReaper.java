package io.k3j.storage.sql;

import io.k3j.storage.Event;
import io.k3j.storage.KeyValue;
import io.k3j.storage.StorageException;
import java.time.Clock;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes keys whose TTL lease has run out. A lease counts from the write that set it (or from
 * start-up for keys found leased in the log); the delete names the version that carried the
 * lease, so a key rewritten since is left alone. Thread-safe.
 */
final class LeaseReaper {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseReaper.class);

    /** Deletes a key if it is still at the given revision. */
    interface Expirer {
        void expire(String key, long modRevision);
    }

    private record Due(long atMillis, String key, long modRevision) {
    }

    private final Clock clock;
    private final Expirer expirer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Due> queue =
            new PriorityQueue<>((a, b) -> Long.compare(a.atMillis(), b.atMillis()));
    private final Thread thread;
    private volatile boolean closed;

    LeaseReaper(Clock clock, Expirer expirer) {
        this.clock = clock;
        this.expirer = expirer;
        this.thread = Thread.ofVirtual().name("k3j-lease-reaper").unstarted(this::run);
    }

    void start() {
        thread.start();
    }

    void track(KeyValue kv) {
        if (kv.lease() <= 0) {
            return;
        }
        lock.lock();
        try {
            queue.add(new Due(clock.millis() + TimeUnit.SECONDS.toMillis(kv.lease()), kv.key(), kv.modRevision()));
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    void observe(List<Event> events) {
        for (Event event : events) {
            if (event.type() != Event.Type.DELETE) {
                track(event.kv());
            }
        }
    }

    void close() {
        closed = true;
        thread.interrupt();
    }

    private void run() {
        while (!closed) {
            Due due;
            lock.lock();
            try {
                due = queue.peek();
                long now = clock.millis();
                if (due == null || due.atMillis() > now) {
                    long wait = due == null ? 1000 : Math.min(1000, due.atMillis() - now);
                    changed.await(wait, TimeUnit.MILLISECONDS);
                    continue;
                }
                queue.poll();
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                expirer.expire(due.key(), due.modRevision());
            } catch (StorageException e) {
                if (!closed) {
                    LOG.warn("could not expire {}: {}", due.key(), e.getMessage());
                }
            }
        }
    }
}
