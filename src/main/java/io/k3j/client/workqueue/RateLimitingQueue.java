package io.k3j.client.workqueue;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.function.LongSupplier;

/**
 * A {@link WorkQueue} with upstream's delaying and rate-limiting additions: {@link #addAfter}
 * holds an item back until its time (an earlier deadline for a held item wins), and
 * {@link #addRateLimited} holds it for the {@link RateLimiter}'s backoff. Held items are
 * released by a virtual thread, against an injectable nanosecond clock. Thread-safe.
 */
public final class RateLimitingQueue<T> extends WorkQueue<T> {

    /** The longest the releasing thread sleeps between looks at the clock. */
    private static final long MAX_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private record Held<T>(T item, long readyAt) {
    }

    private final RateLimiter<T> rateLimiter;
    private final LongSupplier nanoClock;
    private final PriorityQueue<Held<T>> waiting = new PriorityQueue<>((a, b) -> Long.compare(a.readyAt, b.readyAt));
    private final Map<T, Long> readyAt = new HashMap<>();
    private final Condition changed = lock.newCondition();
    private final Thread releaser;

    public RateLimitingQueue(RateLimiter<T> rateLimiter) {
        this(rateLimiter, System::nanoTime);
    }

    public RateLimitingQueue(RateLimiter<T> rateLimiter, LongSupplier nanoClock) {
        this.rateLimiter = rateLimiter;
        this.nanoClock = nanoClock;
        this.releaser = Thread.ofVirtual().name("workqueue-delay").start(this::releaseLoop);
    }

    /** Adds {@code item} once {@code delay} has passed (at once when it is not positive). */
    public void addAfter(T item, Duration delay) {
        if (delay.isZero() || delay.isNegative()) {
            add(item);
            return;
        }
        lock.lock();
        try {
            if (shuttingDown()) {
                return;
            }
            long at = nanoClock.getAsLong() + delay.toNanos();
            Long current = readyAt.get(item);
            if (current != null && current <= at) {
                return;
            }
            if (current != null) {
                waiting.removeIf(h -> h.item.equals(item));
            }
            readyAt.put(item, at);
            waiting.add(new Held<>(item, at));
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Adds {@code item} after its rate limiter's backoff; counts a failure. */
    public void addRateLimited(T item) {
        addAfter(item, rateLimiter.when(item));
    }

    /** Forgets {@code item}'s failures: its next backoff starts again from the base. */
    public void forget(T item) {
        rateLimiter.forget(item);
    }

    public int numRequeues(T item) {
        return rateLimiter.numRequeues(item);
    }

    /** Items held for later. */
    public int waitingLen() {
        lock.lock();
        try {
            return waiting.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutDown() {
        super.shutDown();
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void releaseLoop() {
        lock.lock();
        try {
            while (!shuttingDown()) {
                long now = nanoClock.getAsLong();
                while (!waiting.isEmpty() && waiting.peek().readyAt <= now) {
                    Held<T> h = waiting.poll();
                    readyAt.remove(h.item);
                    add(h.item);
                }
                if (waiting.isEmpty()) {
                    changed.await();
                } else {
                    changed.awaitNanos(Math.min(MAX_WAIT_NANOS, waiting.peek().readyAt - now));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }
}
