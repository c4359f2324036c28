package io.k3j.client.workqueue;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Upstream's work queue: a FIFO of distinct items with a dirty set (waiting) and a processing
 * set. Adding an item already waiting does nothing; adding one being processed marks it dirty
 * and it is queued again when {@link #done} is called, so no item is ever processed by two
 * workers at once. {@link #shutDown} makes {@link #get} return null once the queue drains.
 * Thread-safe.
 */
public class WorkQueue<T> {

    protected final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final ArrayDeque<T> queue = new ArrayDeque<>();
    private final Set<T> dirty = new HashSet<>();
    private final Set<T> processing = new HashSet<>();
    private boolean shuttingDown;

    /** Queues {@code item} unless it is already waiting; ignored after shut-down. */
    public void add(T item) {
        lock.lock();
        try {
            if (shuttingDown || !dirty.add(item)) {
                return;
            }
            if (processing.contains(item)) {
                return;
            }
            queue.addLast(item);
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Blocks for the next item and marks it processing; null once shut down and drained. */
    public T get() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                notEmpty.await();
            }
            return take();
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #get}, waiting at most {@code timeout}; null when nothing came. */
    public T poll(long timeout, TimeUnit unit) throws InterruptedException {
        long nanos = unit.toNanos(timeout);
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                if (nanos <= 0) {
                    return null;
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return take();
        } finally {
            lock.unlock();
        }
    }

    private T take() {
        T item = queue.pollFirst();
        if (item == null) {
            return null;
        }
        processing.add(item);
        dirty.remove(item);
        return item;
    }

    /** Ends processing of {@code item}; if it was added meanwhile, it is queued again. */
    public void done(T item) {
        lock.lock();
        try {
            processing.remove(item);
            if (dirty.contains(item)) {
                queue.addLast(item);
                notEmpty.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Items waiting (not those being processed). */
    public int len() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    /** Stops accepting items; workers drain what is queued, then {@link #get} returns null. */
    public void shutDown() {
        lock.lock();
        try {
            shuttingDown = true;
            notEmpty.signalAll();
        } finally {
            lock.unlock();
        }
    }

    public boolean shuttingDown() {
        lock.lock();
        try {
            return shuttingDown;
        } finally {
            lock.unlock();
        }
    }
}
